namespace AcrNetwork;

/// <summary>TCP 443 to the registry's public address is refused, reset or has no route.</summary>
internal sealed class TcpConnectRefusedRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o) =>
        TcpFailure.Evaluate(o, FindingCode.TcpConnectRefused, status => status != TcpStatus.Timeout, "is refused",
            "Something on the way rejects the connection (a firewall's reject rule, a missing route).");
}
