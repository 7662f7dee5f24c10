using System.Text;
using Microsoft.AspNetCore.Antiforgery;

namespace ShopWeb.Infrastructure;

/// <summary>
/// The antiforgery token of a form on a page the output cache shares between anonymous visitors. The page is rendered
/// with a placeholder of the token's exact length where the token goes, and marked; <see cref="AntiforgeryHoleMiddleware"/>,
/// outside the cache, writes each visitor's own token over the placeholder on the way out. So the page is rendered and
/// compressed once, yet every visitor's form carries a real token paired with their own antiforgery cookie.
/// </summary>
public sealed class AntiforgeryHole(IServiceProvider services)
{
    /// <summary>Marks a response with a hole: kept with the cached entry, removed before the response is sent.</summary>
    public const string MarkHeader = "X-ShopWeb-Antiforgery-Hole";

    // Unlikely in any page by chance; the rest of the placeholder pads it to the token's length.
    private const string Marker = "ShopWebAntiforgeryHole";

    private readonly Lazy<string> placeholder = new(() => Create(services));

    /// <summary>What stands where the token goes: as long as an anonymous visitor's request token, which always has
    /// the same length (a fixed-size payload, encrypted), so the token replaces it in place, even inside gzip.</summary>
    public string Placeholder => placeholder.Value;

    public byte[] PlaceholderBytes => field ??= Encoding.ASCII.GetBytes(Placeholder);

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

    /// <summary>Says the response has a hole to fill; its headers must not be sent yet.</summary>
    public static void Mark(HttpResponse response)
    {
        if (response.HasStarted)
        {
            throw new InvalidOperationException("An antiforgery hole must be rendered before the page's first bytes are sent.");
        }

        response.Headers[MarkHeader] = "1";
    }

    private static string Create(IServiceProvider services)
    {
        // A request of nobody, over HTTPS so that a Secure-only antiforgery cookie may be made for it.
        var nobody = new DefaultHttpContext { RequestServices = services };
        nobody.Request.Scheme = "https";
        var length = services.GetRequiredService<IAntiforgery>().GetTokens(nobody).RequestToken!.Length;
        return Marker + new string('_', length - Marker.Length);
    }
}
