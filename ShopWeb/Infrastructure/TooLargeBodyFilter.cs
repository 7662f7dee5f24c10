using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ShopWeb.Infrastructure;

/// <summary>
/// A form larger than its page takes (an upload past <c>[RequestSizeLimit]</c>) is a 413 and the "Too large" page:
/// left to the antiforgery check, which runs first and cannot read such a form, it was a bare "Bad request".
/// </summary>
internal sealed class TooLargeBodyFilter : IAuthorizationFilter, IOrderedFilter
{
    /// <summary>Before the antiforgery check (1000).</summary>
    public int Order => -1000;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        // Routing has already set the limit from the page's [RequestSizeLimit], or it is the server's own.
        var http = context.HttpContext;
        if (http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null // not the "Too large" page itself
            && http.Request.ContentLength is { } length && http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit && length > limit)
        {
            context.Result = new StatusCodeResult(StatusCodes.Status413PayloadTooLarge);
        }
    }
}
