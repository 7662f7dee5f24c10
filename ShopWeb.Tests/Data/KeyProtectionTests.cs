using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Data;

/// <summary>The data-protection keys encrypted at rest with a configured certificate (<c>DataProtection:CertificatePath</c>).</summary>
public sealed class KeyProtectionTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("shopweb-keys-").FullName;

    [Theory]
    [InlineData("pfx")]
    [InlineData("pem")]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_cookies_outlive_a_restart(string format)
    {
        var settings = CertificateSettings(format);
        string signInCookie;
        using (var first = new ShopFactory(settings, folder))
        {
            var email = await first.CreateAccountAsync();
            using var browser = first.CreateBrowser(followRedirects: false);
            var signedIn = await browser.SignInAsync(email);
            signInCookie = signedIn.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ShopWeb.Auth=", StringComparison.Ordinal)).Split(';')[0];

            var keys = await first.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("<EncryptedData", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            });
        }

        using var second = new ShopFactory(settings, folder);
        using var again = second.CreateBrowser(followRedirects: false);
        again.Client.DefaultRequestHeaders.Add("Cookie", signInCookie);
        var security = await again.Client.GetAsync("/account/security");
        Assert.Equal(HttpStatusCode.OK, security.StatusCode);
    }

    private Dictionary<string, string?> CertificateSettings(string format)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=ShopWeb data protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        if (format == "pfx")
        {
            var pfx = Path.Combine(folder, "keys.pfx");
            File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, "pfx secret"));
            return new() { ["DataProtection:CertificatePath"] = pfx, ["DataProtection:CertificatePassword"] = "pfx secret" };
        }

        var (cert, key) = (Path.Combine(folder, "keys.crt"), Path.Combine(folder, "keys.key"));
        File.WriteAllText(cert, certificate.ExportCertificatePem());
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        return new() { ["DataProtection:CertificatePath"] = cert, ["DataProtection:KeyPath"] = key };
    }

    public void Dispose() => TestStore.Delete(folder);
}
