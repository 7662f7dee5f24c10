using Microsoft.AspNetCore.Mvc;

namespace ShopWeb.Infrastructure;

/// <summary>
/// 303 See Other to an address outside the pages (a provider's hosted payment page): after a POST the browser
/// follows it with a GET, whatever the method was. <see cref="RedirectResult"/> can only answer 301/302/307/308.
/// </summary>
public sealed class SeeOtherResult(string url) : IActionResult
{
    public string Url => url;

    public Task ExecuteResultAsync(ActionContext context)
    {
        context.HttpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.HttpContext.Response.Headers.Location = url;
        return Task.CompletedTask;
    }
}
