using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace ShopWeb.Infrastructure;

/// <summary>
/// The antiforgery token for a form on a page the output cache shares between anonymous visitors (with
/// <c>[IgnoreAntiforgeryToken]</c> and <see cref="SameOriginPostAttribute"/> beside it). A signed-in shopper's page is
/// rendered for them alone (<c>AnonymousPagePolicy</c> neither serves nor keeps it), so it carries their token and
/// their post must bring it back: a missing or wrong one is the shop's usual 400. An anonymous visitor's cached page
/// cannot carry a token of theirs, so their post goes without; the cart cookie's SameSite and the Origin and
/// Sec-Fetch-Site check stand in for it.
/// </summary>
internal sealed class SignedInAntiforgeryAttribute() : TypeFilterAttribute(typeof(SignedInAntiforgeryFilter))
{
    /// <summary>
    /// Whether the form carries the token and the post must: the form's <c>asp-antiforgery</c> and the filter ask
    /// this one question, so the two cannot disagree.
    /// </summary>
    public static bool Applies(HttpContext context) => context.User.Identity?.IsAuthenticated == true;
}

internal sealed class SignedInAntiforgeryFilter(IAntiforgery antiforgery, ILogger<SignedInAntiforgeryFilter> logger) : IAsyncAuthorizationFilter
{
    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (context.Result is not null || !HttpMethods.IsPost(http.Request.Method) || !SignedInAntiforgeryAttribute.Applies(http))
        {
            return;
        }

        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException exception)
        {
            logger.LogInformation(exception, "Refused a signed-in POST to {Path} without a valid antiforgery token", http.Request.Path);
            context.Result = new AntiforgeryValidationFailedResult();
        }
    }
}
