using AngleSharp.Html.Parser;
using MimeKit;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>Reads the .eml files the shop wrote into its pickup folder, as a mail client would.</summary>
public sealed class Mailbox(string folder)
{
    public IReadOnlyList<MimeMessage> All() =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f)).ToList()
            : [];

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
}
