using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ShopWeb.Infrastructure;

/// <summary>
/// Beside the antiforgery token, on a form of a cached page shared by every visitor (whose token is filled in per
/// response): a POST the browser says came from another site is refused with a 403. <c>Sec-Fetch-Site</c>,
/// when sent, must be <c>same-origin</c> or <c>none</c>; <c>Origin</c>, when sent, must be the shop's public
/// origin. A POST with neither is let through to the token check: current browsers send at least one on every form
/// post, so it comes from a program or a browser from before them.
/// </summary>
internal sealed class SameOriginPostAttribute() : TypeFilterAttribute(typeof(SameOriginPostFilter));

internal sealed class SameOriginPostFilter(PublicLinks links, ILogger<SameOriginPostFilter> logger) : IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var headers = context.HttpContext.Request.Headers;
        var fetchSite = headers["Sec-Fetch-Site"].ToString();
        var origin = headers.Origin.ToString();
        var sameSite = fetchSite.Length == 0 || fetchSite is "same-origin" or "none";
        var sameOrigin = origin.Length == 0 || IsPublicOrigin(origin);
        if (sameSite && sameOrigin)
        {
            return;
        }

        // Said in the log because a Shop:PublicUrl that differs from the address shoppers use refuses them all.
        logger.LogWarning("Refused a cross-site POST to {Path}: Sec-Fetch-Site {FetchSite}, Origin {Origin}; the shop's origin is {PublicOrigin}",
            context.HttpContext.Request.Path, fetchSite, origin, links.BaseUrl.GetLeftPart(UriPartial.Authority));
        // The "Access denied" page would speak of permissions: the usual cause is the shop opened at another of its
        // addresses (127.0.0.1 for localhost), so the page names the one to use.
        context.HttpContext.Items[Explanation] = $"This form was sent from a page that is not at the shop's address. Open the shop at {links.BaseUrl} and try again.";
        context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
    }

    /// <summary>The key under which the status page finds what to say instead of its own words.</summary>
    public const string Explanation = "ShopWeb.StatusExplanation";

    // "null" (a sandboxed frame, a redirect across sites) is no origin at all, so it is refused too.
    private bool IsPublicOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && Uri.Compare(uri, links.BaseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
