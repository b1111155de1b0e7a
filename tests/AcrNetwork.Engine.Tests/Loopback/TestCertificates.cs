using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AcrNetwork.Tests.Loopback;

internal static class TestCertificates
{
    /// <summary>A server certificate signed by its own test CA, which no machine trusts: what a TLS-inspecting proxy presents.</summary>
    public static X509Certificate2 Issue(string issuer, params string[] dnsNames)
    {
        using RSA caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN={issuer}, O=Tests", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={dnsNames[0]}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (string name in dnsNames)
        {
            names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using X509Certificate2 leaf = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), [1, 2, 3, 4]);
        return leaf.CopyWithPrivateKey(key);
    }
}
