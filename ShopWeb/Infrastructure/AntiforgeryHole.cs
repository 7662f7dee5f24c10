using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;

namespace ShopWeb.Infrastructure;

/// <summary>
/// The antiforgery token of a form on a page the output cache shares between anonymous visitors. The page is rendered
/// with a placeholder where the token goes, and marked; <see cref="AntiforgeryHoleMiddleware"/>, outside the cache,
/// writes each visitor's own token over the placeholder on the way out. So the page is rendered and compressed once,
/// yet every visitor's form carries a real token paired with their own antiforgery cookie.
/// </summary>
public sealed class AntiforgeryHole(IServiceProvider services)
{
    /// <summary>Marks a response with holes, and counts them ("holes=2"): kept with the cached entry, removed before
    /// the response is sent.</summary>
    public const string MarkHeader = "X-ShopWeb-Antiforgery-Hole";

    // The count lets the filler stop searching at the last hole: the rest of a 2,048-variant page (its JSON-LD, most of
    // its 629 KB) is copied without being searched. A bare "1", as shops before the count marked every page (a cached
    // entry may outlive them), says nothing of how many: such a page is searched to its end.
    private const string CountPrefix = "holes=";

    // Unlikely in any page by chance; the rest of the placeholder pads it to the hole's length.
    private const string Marker = "ShopWebAntiforgeryHole";

    // An anonymous visitor's token always has the same length under one data-protection key (a fixed-size payload,
    // encrypted), but not under every key: an AES-256-CBC key, as the shop made them before it made AES-256-GCM ones
    // (Data/DataRegistration), gives tokens 42 characters longer. Keys of both kinds may be in the ring at once, and in
    // a farm one instance may still sign with the old one while another has moved on, sharing the cached pages: so
    // the hole is longer than the token of the key in use when it is first made, by this much.
    private const int RoomForAnotherKey = 64;

    private readonly Lazy<string> placeholder = new(() => Create(services));

    /// <summary>What stands in the form's value where the token goes, before the value's closing quote.</summary>
    public string Placeholder => placeholder.Value;

    /// <summary>The hole: the placeholder and the closing quote of the value it stands in. A token fills it with the
    /// quote after it and spaces after that, which HTML ignores inside a tag: the page's length stays what the cache
    /// keeps with it, even inside gzip, whatever key made the token.</summary>
    public byte[] HoleBytes => field ??= Encoding.ASCII.GetBytes(Placeholder + '"');

    /// <summary>What the hole is filled with for <paramref name="token"/>: as long as <see cref="HoleBytes"/>.</summary>
    public byte[] Filling(string token)
    {
        var hole = HoleBytes;
        if (token.Length > hole.Length - 1)
        {
            throw new InvalidOperationException($"An anonymous antiforgery token of {token.Length} characters cannot fill a hole of {hole.Length - 1}.");
        }

        var filling = new byte[hole.Length];
        Encoding.ASCII.GetBytes(token, filling);
        filling[token.Length] = (byte)'"';
        filling.AsSpan(token.Length + 1).Fill((byte)' ');
        return filling;
    }

    /// <summary>
    /// A form's token on a page the caches may share: a signed-in shopper's page is rendered for them alone and gets
    /// their token (the one made for their cookie and session, handed again: AntiforgeryHoleTokens); an anonymous
    /// visitor's gets the placeholder, filled with their own token on the way out.
    /// </summary>
    public string FormTokenFor(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            return services.GetRequiredService<AntiforgeryHoleTokens>().RequestTokenFor(context);
        }

        Mark(context.Response);
        return Placeholder;
    }

    /// <summary>Says the response has one more hole to fill; its headers must not be sent yet.</summary>
    public static void Mark(HttpResponse response)
    {
        if (response.HasStarted)
        {
            throw new InvalidOperationException("An antiforgery hole must be rendered before the page's first bytes are sent.");
        }

        response.Headers[MarkHeader] = CountPrefix + ((HolesIn(response.Headers) ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>How many holes a marked response has, or null when its mark does not say.</summary>
    public static int? HolesIn(IHeaderDictionary headers) =>
        headers[MarkHeader].ToString() is var mark && mark.StartsWith(CountPrefix, StringComparison.Ordinal)
            && int.TryParse(mark.AsSpan(CountPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var holes) && holes > 0
            ? holes : null;

    private static string Create(IServiceProvider services)
    {
        // A request of nobody, over HTTPS so that a Secure-only antiforgery cookie may be made for it.
        var nobody = new DefaultHttpContext { RequestServices = services };
        nobody.Request.Scheme = "https";
        var length = services.GetRequiredService<IAntiforgery>().GetTokens(nobody).RequestToken!.Length + RoomForAnotherKey;
        return Marker + new string('_', length - Marker.Length);
    }
}
