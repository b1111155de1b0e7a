using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace AcrNetwork;

/// <summary>The certificate a server presented, as this machine judged it.</summary>
internal sealed record TlsCertificateFacts(
    string Subject,
    string Issuer,
    bool IssuerIsAzure,
    IReadOnlyList<string> SubjectAlternativeNames,
    IReadOnlyList<string> Chain,
    DateTimeOffset NotAfter,
    SslPolicyErrors PolicyErrors,
    X509ChainStatusFlags ChainStatus,
    string? ValidationErrors);

internal sealed record TlsOutcome(TlsStatus Status, SslStream? Stream, TlsCertificateFacts? Certificate, string? Protocol, string? Error, double ElapsedMs);

/// <summary>The TLS stage of an endpoint test: the handshake's outcome and the certificate the server presented.</summary>
internal sealed record TlsResult(TlsStatus Status, string? Protocol, TlsCertificateFacts? Certificate, double Ms) : StageResult;

/// <summary>
/// The TLS handshake with full validation (trust and name; validation is never switched off). The
/// certificate is recorded whether or not it is trusted, so an untrusted chain names its issuer.
/// </summary>
internal static partial class TlsProbe
{
    // Azure's public TLS issuing CAs: "Microsoft Azure RSA TLS Issuing CA 03", "Microsoft Azure ECC TLS
    // Issuing CA 07", "Microsoft Azure TLS Issuing CA 01". Anything else re-signed the traffic.
    [GeneratedRegex(@"\bAzure (RSA |ECC )?TLS Issuing CA \d+$", RegexOptions.IgnoreCase)]
    private static partial Regex AzureIssuingCa();

    public static bool IsAzureIssuer(string issuerCommonName) => AzureIssuingCa().IsMatch(issuerCommonName.Trim());

    public static async Task<TlsOutcome> HandshakeAsync(Stream transport, string host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var recorder = new PeerRecordingStream(transport);
        var stream = new SslStream(recorder, leaveInnerStreamOpen: false);
        TlsCertificateFacts? facts = null;
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            // Revocation lists live on CA hosts outside the path being measured; checking them would cost a
            // timeout wherever they are blocked. Trust and name are checked in full.
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                facts = certificate is null ? null : Describe(certificate, chain, errors);
                return errors == SslPolicyErrors.None;
            },
        };

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await stream.AuthenticateAsClientAsync(options, deadline.Token).ConfigureAwait(false);
            return new TlsOutcome(TlsStatus.Trusted, stream, facts, ProtocolName(stream.SslProtocol), null, clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception ex) when (ex is (OperationCanceledException or AuthenticationException or IOException or SocketException) && !cancellationToken.IsCancellationRequested)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            (TlsStatus status, string error) = Classify(ex, facts, recorder, timeout);
            return new TlsOutcome(status, null, facts, null, error, clock.Elapsed.TotalMilliseconds);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static (TlsStatus Status, string Error) Classify(Exception ex, TlsCertificateFacts? facts, PeerRecordingStream recorder, TimeSpan timeout)
    {
        if (ex is OperationCanceledException)
        {
            return (TlsStatus.Timeout, $"The handshake did not finish within {timeout.TotalSeconds:0.#} s.");
        }

        if (facts is not null && facts.PolicyErrors != SslPolicyErrors.None)
        {
            TlsStatus status = facts.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors)
                ? (facts.ChainStatus & ~(X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested)) == X509ChainStatusFlags.NoError
                    ? TlsStatus.Expired
                    : TlsStatus.Untrusted
                : facts.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) ? TlsStatus.NameMismatch : TlsStatus.HandshakeFailed;
            return (status, facts.ValidationErrors ?? ex.Message);
        }

        if (recorder.PeerSpokeHttp)
        {
            return (TlsStatus.NotTls, "The server answered in plain HTTP, not TLS.");
        }

        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionReset })
            {
                return (TlsStatus.Reset, $"The connection was reset during the handshake: {inner.Message}");
            }
        }

        if (ex is IOException && !recorder.PeerSentAnything)
        {
            return (TlsStatus.Closed, $"The peer closed the connection during the handshake: {ex.Message}");
        }

        return (ex is AuthenticationException ? TlsStatus.HandshakeFailed : TlsStatus.Failed, Flatten(ex));
    }

    private static TlsCertificateFacts Describe(X509Certificate certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        string issuer = leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: true);
        IReadOnlyList<string> names = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(e => e.EnumerateDnsNames().Concat(e.EnumerateIPAddresses().Select(a => a.ToString())))
            .ToList();
        IReadOnlyList<string> path = chain?.ChainElements.Select(e => e.Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)).ToList() ?? [];
        X509ChainStatusFlags chainStatus = chain?.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status) ?? X509ChainStatusFlags.NoError;
        string? validationErrors = null;
        if (errors != SslPolicyErrors.None)
        {
            IEnumerable<string> details = chain?.ChainStatus.Select(s => $"{s.Status} ({s.StatusInformation.Trim()})") ?? [];
            validationErrors = string.Join("; ", new[] { errors.ToString() }.Concat(details));
        }

        return new TlsCertificateFacts(
            leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false),
            issuer,
            IsAzureIssuer(issuer),
            ValueList<string>.From(names),
            ValueList<string>.From(path),
            new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            errors,
            chainStatus,
            validationErrors);
    }

    private static string ProtocolName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls12 => "TLS 1.2",
        SslProtocols.Tls13 => "TLS 1.3",
        _ => protocol.ToString(),
    };

    private static string Flatten(Exception ex) =>
        ex.InnerException is null ? ex.Message : $"{ex.Message} {Flatten(ex.InnerException)}";
}
