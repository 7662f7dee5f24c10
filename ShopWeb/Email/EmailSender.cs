using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using ShopWeb.Configuration;

namespace ShopWeb.Email;

/// <summary>Sends every email the shop writes: over SMTP with MailKit, or as an .eml file in the pickup folder.</summary>
public sealed class EmailSender(IOptions<EmailOptions> options, IOptions<ShopOptions> shop, IHostEnvironment environment, ILogger<EmailSender> logger)
{
    private readonly EmailOptions settings = options.Value;

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody(),
        };
        mime.From.Add(settings.From is { } from ? MailboxAddress.Parse(from) : new MailboxAddress(shop.Value.Name, "no-reply@localhost"));
        if (!MailboxAddress.TryParse(message.To, out var to))
        {
            logger.LogError("Not sent: '{Subject}' has no deliverable address", message.Subject);
            return;
        }

        mime.To.Add(to);
        try
        {
            if (string.IsNullOrWhiteSpace(settings.Smtp.Host))
            {
                await WriteToPickupDirectoryAsync(mime, cancellationToken);
            }
            else
            {
                await SendOverSmtpAsync(mime, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or MailKit.ServiceNotConnectedException
            or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException or AuthenticationException
            or System.Net.Sockets.SocketException)
        {
            // The shopper's action has already succeeded; a mail outage must not turn it into an error page.
            // Every mail has a way to ask for it again (resend confirmation, forgot password).
            logger.LogError(ex, "Could not send '{Subject}'", mime.Subject);
        }
    }

    private async Task WriteToPickupDirectoryAsync(MimeMessage mime, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(settings.PickupDirectory, environment.ContentRootPath);
        Directory.CreateDirectory(folder);
        var name = $"{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.eml";

        // Written under a temporary name and then renamed, so a reader never sees half a message.
        var partial = Path.Combine(folder, name + ".tmp");
        await mime.WriteToAsync(partial, cancellationToken);
        File.Move(partial, Path.Combine(folder, name));
    }

    private async Task SendOverSmtpAsync(MimeMessage mime, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient();
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
