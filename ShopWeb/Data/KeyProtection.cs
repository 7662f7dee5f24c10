using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using ShopWeb.Infrastructure;
using Microsoft.Extensions.Options;

namespace ShopWeb.Data;

/// <summary>
/// The <c>DataProtection</c> section: a certificate that encrypts the data-protection keys where they are stored.
/// Without one they are stored as they are, readable by whoever reads the store (a backup, a replica).
/// </summary>
public sealed class KeyProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file, or a PEM certificate (with its key in the same file or in <see cref="KeyPath"/>).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The .pfx file's password, or the PEM key's when it is encrypted.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The PEM private key of a PEM certificate kept in a file of its own.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The certificate with its RSA private key, or null when none is configured.</summary>
    internal X509Certificate2? Load()
    {
        if (string.IsNullOrWhiteSpace(CertificatePath))
        {
            return null;
        }

        var pem = File.ReadAllText(CertificatePath).Contains("-----BEGIN", StringComparison.Ordinal);
        var certificate = !pem
            ? X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, CertificatePassword)
            : string.IsNullOrEmpty(CertificatePassword)
                ? X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(CertificatePath, CertificatePassword, KeyPath);
        using var key = certificate.GetRSAPrivateKey();
        return key is null ? throw new CryptographicException("it has no RSA private key") : certificate;
    }

    /// <summary>
    /// Registers the section and, when it names a certificate that loads, encrypts the keys with it (and reads them with
    /// it: the same certificate on every instance). One that does not load is left to <see cref="StartupReport"/>,
    /// which stops the start with the validator's line before any key is read.
    /// </summary>
    internal static void AddTo(IDataProtectionBuilder dataProtection, IConfiguration configuration)
    {
        dataProtection.Services.AddOptions<KeyProtectionOptions>().BindConfiguration(Section);
        dataProtection.Services.AddSingleton<IValidateOptions<KeyProtectionOptions>, KeyProtectionOptionsValidator>();
        X509Certificate2? certificate = null;
        try
        {
            certificate = configuration.GetSection(Section).Get<KeyProtectionOptions>()?.Load();
        }
        catch (Exception ex) when (KeyProtectionOptionsValidator.IsLoadFailure(ex))
        {
        }

        if (certificate is not null)
        {
            dataProtection.ProtectKeysWithCertificate(certificate);
        }
    }
}

internal sealed class KeyProtectionOptionsValidator : IValidateOptions<KeyProtectionOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyProtectionOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.KeyPath) && string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            return ValidateOptionsResult.Fail("DataProtection:KeyPath is set without DataProtection:CertificatePath, the certificate it belongs to.");
        }

        try
        {
            options.Load()?.Dispose();
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (IsLoadFailure(ex))
        {
            return ValidateOptionsResult.Fail(
                $"DataProtection:CertificatePath '{options.CertificatePath}' cannot be used to encrypt the data-protection keys ({ex.Message.ReplaceLineEndings(" ").Trim()}).");
        }
    }

    public static bool IsLoadFailure(Exception ex) => ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException;
}
