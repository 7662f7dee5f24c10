using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ShopWeb.Catalog;

/// <summary>
/// On a page that records its fragments (<see cref="CatalogFragments.Record"/>): once the page has rendered, keeps them,
/// if it answered 200 without an error. Redirects and not-founds are never kept, so a kept key always held a real page.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class KeepFragmentsAttribute : Attribute, IAsyncResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is null && executed.Result is PageResult && context.HttpContext.Response.StatusCode == StatusCodes.Status200OK)
        {
            context.HttpContext.RequestServices.GetRequiredService<CatalogFragments>().Keep(context.HttpContext);
        }
    }
}
