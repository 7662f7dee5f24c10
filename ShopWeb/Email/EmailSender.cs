using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using ShopWeb.Configuration;

namespace ShopWeb.Email;

/// <summary>
/// Delivers one message now: over SMTP with MailKit, or as an .eml file in the pickup folder. It throws when it
/// cannot; <see cref="EmailDelivery"/> decides what happens next. Pages never call it: they queue to the outbox.
/// </summary>
public sealed class EmailSender(IOptions<EmailOptions> options, IOptions<ShopOptions> shop, IHostEnvironment environment, ILogger<EmailSender> logger)
{
    /// <summary>How long one SMTP conversation may take before it counts as a failed attempt.</summary>
    private static readonly TimeSpan SmtpTimeout = TimeSpan.FromSeconds(30);

    private readonly EmailOptions settings = options.Value;

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        if (!MailboxAddress.TryParse(message.To, out var to))
        {
            throw new UndeliverableEmailException($"'{message.To}' is not a deliverable address.");
        }

        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody(),
        };
        mime.From.Add(settings.From is { } from ? MailboxAddress.Parse(from) : new MailboxAddress(shop.Value.Name, "no-reply@localhost"));
        mime.To.Add(to);
        if (string.IsNullOrWhiteSpace(settings.Smtp.Host))
        {
            await WriteToPickupDirectoryAsync(mime, cancellationToken);
        }
        else
        {
            await SendOverSmtpAsync(mime, cancellationToken);
        }
    }

    /// <summary>Failures no retry can mend: the server refused the recipient or the message for good.</summary>
    public static bool IsPermanent(Exception failure) =>
        failure is UndeliverableEmailException
        || failure is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted } command
            && (int)command.StatusCode >= 500;

    private async Task WriteToPickupDirectoryAsync(MimeMessage mime, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(settings.PickupDirectory, environment.ContentRootPath);
        var name = $"{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.eml";

        // Written under a temporary name and then renamed, so a reader never sees half a message. Readable by the shop's
        // own user alone, as the store is: a message holds a confirmation or password-reset link.
        var partial = Path.Combine(folder, name + ".tmp");
        Infrastructure.WritableFolder.Create(folder, Infrastructure.WritableFolder.OwnerOnly);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        // Each part says how it is encoded ("8bit" for UTF-8 text), as MailKit does before sending over SMTP: without it
        // a mail reader takes the part for 7-bit ASCII and garbles "€" and "ë".
        mime.Prepare(EncodingConstraint.EightBit);
        await using (var file = new FileStream(partial, options))
        {
            await mime.WriteToAsync(file, cancellationToken);
        }

        File.Move(partial, Path.Combine(folder, name));
    }

    private async Task SendOverSmtpAsync(MimeMessage mime, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)SmtpTimeout.TotalMilliseconds };
        var security = (settings.Smtp.UseTls, settings.Smtp.Port) switch
        {
            (false, _) => SecureSocketOptions.None,
            (true, 465) => SecureSocketOptions.SslOnConnect,
            (true, _) => SecureSocketOptions.StartTls,
        };

        await client.ConnectAsync(settings.Smtp.Host!, settings.Smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.Smtp.User))
        {
            await client.AuthenticateAsync(settings.Smtp.User, settings.Smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        logger.LogInformation("Sent '{Subject}' over SMTP", mime.Subject);
    }
}

/// <summary>A message that cannot be sent to its address at all.</summary>
public sealed class UndeliverableEmailException(string message) : Exception(message);
