namespace AcrNetwork;

/// <summary>ACR answers 429: the registry's request rate limit for its SKU is reached.</summary>
internal sealed class RegistryThrottledRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        var throttled = o.ClientPath()
            .Where(t => t.HttpStatus == 429 || t.TokenStatus == TokenStatus.Throttled || t.ManifestStatus == 429)
            .ToList();
        if (throttled.Count == 0)
        {
            yield break;
        }

        var evidence = throttled.Select(Facts.Evidence).ToList();
        evidence.AddRange(throttled.Where(t => t.RetryAfterSec is not null).Select(t => $"{t.Fqdn} asks to retry after {t.RetryAfterSec} s."));
        yield return FindingCatalog.Create(
            FindingCode.RegistryThrottled,
            o.TargetOf(throttled),
            $"{o.LoginServer} is throttling requests (429 Too Many Requests): pulls fail or slow down until the rate drops.",
            evidence,
            $"Spread pulls over time (fewer parallel pulls, back off on 429), cache images close to the clients, or move to a SKU with higher limits "
            + $"(az acr update -n {o.Name()} --sku Premium){(o.Config?.Sku is { } sku ? $"; the registry is {sku}" : "")}.",
            o.ScopeOf(throttled));
    }
}
