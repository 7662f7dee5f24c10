using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ShopWeb.Identity;

/// <summary>
/// On a page that changes how the shopper signs in: every handler, the page itself included, first needs a sign-in
/// of the last <see cref="RecentSignIn.Window"/>; otherwise the shopper is sent to confirm it is them and comes back.
/// A form posted too late comes back to the page empty, so nothing half-typed is acted on.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequireRecentSignInAttribute : Attribute, IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.IsAuthenticated == true && !await RecentSignIn.IsRecentAsync(http))
        {
            var back = http.Request.PathBase + http.Request.Path + (HttpMethods.IsGet(http.Request.Method) ? http.Request.QueryString : default);
            context.Result = new RedirectResult(RecentSignIn.ConfirmPath + QueryString.Create("returnUrl", back));
            return;
        }

        await next();
    }
}
