namespace AcrNetwork;

/// <summary>TCP 443 to the registry's public address gets no answer: packets are dropped ("Client.Timeout exceeded").</summary>
internal sealed class TcpConnectTimeoutRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o) =>
        TcpFailure.Evaluate(o, FindingCode.TcpConnectTimeout, status => status == TcpStatus.Timeout, "gets no answer: packets are dropped on the way",
            "A firewall drops them silently: the host firewall, an NSG or UDR in Azure, or the corporate firewall.");
}
