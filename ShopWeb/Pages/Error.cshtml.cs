using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ShopWeb.Pages;

/// <summary>
/// The friendly 500 page, and the 503 one when a part the shop needs was out of reach for a moment
/// (<see cref="Infrastructure.BrieflyUnavailable"/>); the exception itself goes to the log, never to the shopper.
/// </summary>
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken] // the failed request may have been any POST; its error page must still render
public sealed class ErrorModel : PageModel
{
    public string RequestId { get; private set; } = "";

    public bool Unavailable => Response.StatusCode == StatusCodes.Status503ServiceUnavailable;

    public void OnGet()
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        if (Unavailable)
        {
            Response.Headers.RetryAfter = Infrastructure.BrieflyUnavailable.RetryAfter;
        }
    }

    public void OnPost() => OnGet();
}
