using Microsoft.Extensions.Options;
using MimeKit;

namespace ShopWeb.Email;

internal sealed class EmailOptionsValidator(IHostEnvironment environment) : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var failures = new List<string>();
        // MimeKit also takes a bare word as a mailbox: an address needs its domain.
        if (options.From is { } from && !(MailboxAddress.TryParse(from, out var sender) && sender.Address.IndexOf('@') is > 0 and var at && at < sender.Address.Length - 1))
        {
            failures.Add($"Email:From '{from}' is not an email address such as 'Shop <shop@example.com>'.");
        }

        if (!string.IsNullOrWhiteSpace(options.Smtp.Host) && Uri.CheckHostName(options.Smtp.Host.Trim()) == UriHostNameType.Unknown)
        {
            failures.Add($"Email:Smtp:Host '{options.Smtp.Host}' is not a host name or an IP address.");
        }

        if (!string.IsNullOrWhiteSpace(options.Smtp.Host) && options.Smtp.Port is < 1 or > 65535)
        {
            failures.Add($"Email:Smtp:Port {options.Smtp.Port} is not a port number (1-65535).");
        }

        if (string.IsNullOrWhiteSpace(options.Smtp.Host) && string.IsNullOrWhiteSpace(options.PickupDirectory))
        {
            failures.Add("Email:PickupDirectory must name a folder when Email:Smtp:Host is not set.");
        }
        else if (string.IsNullOrWhiteSpace(options.Smtp.Host)
            && Path.GetFullPath(options.PickupDirectory!, environment.ContentRootPath) is var folder
            && Infrastructure.WritableFolder.Problem(folder, Infrastructure.WritableFolder.OwnerOnly) is { } problem)
        {
            // Found now rather than by the first shopper who registers, whose email would wait in the outbox for a day.
            failures.Add($"Email:PickupDirectory '{folder}' cannot be written by the shop ({problem}).");
        }

        if (options.KeepDeliveredDays is < 0 or > 3650)
        {
            failures.Add($"Email:KeepDeliveredDays {options.KeepDeliveredDays} must be between 0 and 3650.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
