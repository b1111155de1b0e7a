namespace AcrNetwork;

/// <summary>
/// The registry was asked for by its private link name (<c>&lt;name&gt;.privatelink.&lt;suffix&gt;</c>): the registry's
/// certificate does not cover that name, so every pull through it fails TLS whatever the network does.
/// </summary>
internal sealed class PrivateLinkHostUsedRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (o.GivenHost is not { } given || !given.Contains(".privatelink.", StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }

        yield return FindingCatalog.Create(
            FindingCode.PrivateLinkHostUsed,
            given,
            $"{given} is the private link name of {o.LoginServer}, not a name to pull from: the registry's certificate covers {o.LoginServer}, so TLS to {given} never validates. This diagnosis is of {o.LoginServer}.",
            [$"Given: {given}. It is a record of the private DNS zone (the private endpoint's address); clients name {o.LoginServer}, whose CNAME leads there when the registry has a private endpoint."],
            $"Use {o.LoginServer} (docker login {o.LoginServer}, image names {o.LoginServer}/<repository>). Inside the VNet it resolves to the private endpoint through the private DNS zone; there is no need to name the private link zone.");
    }
}
