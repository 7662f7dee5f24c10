using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace ShopWeb.Email;

/// <summary>
/// One address mail can actually be sent to. [EmailAddress] lets through "a,b@example.com" and other forms the
/// mail library reads as several or no mailboxes; those must be refused at the form, not fail at sending time.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DeliverableEmailAttribute : ValidationAttribute
{
    public DeliverableEmailAttribute()
        : base("Enter an email address such as name@example.com.")
    {
    }

    public override bool IsValid(object? value) =>
        value is not string text || text.Length == 0
        || (new EmailAddressAttribute().IsValid(text)
            && InternetAddressList.TryParse(text.Trim(), out var list)
            && list.Count == 1 && list[0] is MailboxAddress mailbox && mailbox.Address == text.Trim());
}
