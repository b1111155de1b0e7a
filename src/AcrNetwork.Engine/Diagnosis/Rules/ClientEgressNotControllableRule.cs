namespace AcrNetwork;

/// <summary>The client runs in Cloud Shell or an Automation sandbox, whose outbound address is Microsoft's, not the user's.</summary>
internal sealed class ClientEgressNotControllableRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (o.Client.EgressControllable)
        {
            yield break;
        }

        var evidence = new List<string> { $"This session runs in {o.Client.HostKind}." };
        evidence.AddRange(o.Client.Implications);
        if (o.ReportedClientIp() is { } ip)
        {
            evidence.Add($"ACR saw this session as {ip}: an address of Microsoft's pool.");
        }

        yield return FindingCatalog.Create(
            FindingCode.ClientEgressNotControllable,
            o.Client.HostKind.ToString(),
            $"This session runs in {o.Client.HostKind}: its outbound address is not yours to allow, and it is not a trusted service for ACR.",
            evidence,
            o.Client.HostKind == ClientHostKind.AzureAutomation
                ? "Run the runbook on a Hybrid Runbook Worker inside a network the registry allows (its VNet with the private endpoint, or a fixed egress address in the IP rules)."
                : "Diagnose and pull from a machine whose network the registry allows (a VM in its VNet, an agent with a fixed egress address); Cloud Shell can join a VNet of your own to use a private endpoint.",
            FindingScope.Registry);
    }
}
