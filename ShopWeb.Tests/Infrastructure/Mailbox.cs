using AngleSharp.Html.Parser;
using MimeKit;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// Reads the .eml files the shop wrote into its pickup folder, as a mail client would. Emails go out through the
/// shop's outbox a moment after the page answered, so every read first waits until the outbox has sent what it holds.
/// </summary>
public sealed class Mailbox(string folder, TestStore store)
{
    public IReadOnlyList<MimeMessage> All()
    {
        WaitForOutbox();
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f)).ToList()
            : [];
    }

    public IReadOnlyList<MimeMessage> To(string address) =>
        All().Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>The newest message to <paramref name="address"/>; fails when there is none.</summary>
    public MimeMessage LatestTo(string address) =>
        To(address).LastOrDefault() ?? throw new InvalidOperationException($"No email to {address} in {folder}.");

    /// <summary>The address of the link whose text is <paramref name="linkText"/> in the message's HTML part.</summary>
    public static Uri Link(MimeMessage message, string linkText)
    {
        var html = new HtmlParser().ParseDocument(message.HtmlBody ?? "");
        var anchor = html.QuerySelectorAll("a").FirstOrDefault(a => a.TextContent.Trim() == linkText)
            ?? throw new InvalidOperationException($"No link '{linkText}' in '{message.Subject}'.");
        return new Uri(anchor.GetAttribute("href")!);
    }

    /// <summary>Waits (at most ten seconds) until no message is waiting for its first attempt or being sent.</summary>
    private void WaitForOutbox()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Pending() > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }
    }

    private long Pending() => store.QueryAsync(
        """SELECT COUNT(*) FROM "OutboxEmails" WHERE "Status" = 0 AND ("Attempts" = 0 OR "ClaimedUntil" IS NOT NULL)""",
        r => Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)).GetAwaiter().GetResult().Single();
}
