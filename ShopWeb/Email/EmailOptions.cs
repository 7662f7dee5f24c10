namespace ShopWeb.Email;

/// <summary>The <c>Email</c> section: SMTP when a host is set, otherwise <c>.eml</c> files in a pickup folder.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>Where messages are written when no SMTP host is set; relative paths are under the content root.</summary>
    public string PickupDirectory { get; set; } = "App_Data/mail";

    /// <summary>The sender; when unset, the shop's name at no-reply@localhost.</summary>
    public string? From { get; set; }

    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>Days the outbox keeps the body of a delivered email; bodies hold tokens, so not for long.</summary>
    public int KeepDeliveredDays { get; set; } = 7;

    public sealed class SmtpSettings
    {
        public string? Host { get; set; }

        public int Port { get; set; } = 587;

        public string? User { get; set; }

        public string? Password { get; set; }

        public bool UseTls { get; set; } = true;
    }
}
