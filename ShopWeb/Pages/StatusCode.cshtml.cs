using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ShopWeb.Pages;

/// <summary>Friendly pages for 4xx and 5xx answers that carry no body of their own, such as an unknown address.</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusCodeModel : PageModel
{
    public string Heading { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    /// <remarks>
    /// The code is read from the route alone, not bound: a failed POST is re-executed here as a POST with its form, and
    /// neither a field named "code" (the email-confirmation forms post one) nor a form that cannot be read (a NUL in a
    /// value) may choose the status the visitor gets.
    /// </remarks>
    public void OnGet()
    {
        var code = int.TryParse(RouteData.Values["code"] as string, out var fromRoute) ? fromRoute : 0;
        // Reached directly (not re-executed), the page still answers with the status it describes.
        var status = code is >= 400 and <= 599 ? code : StatusCodes.Status404NotFound;
        Response.StatusCode = status;
        (Heading, Explanation) = status switch
        {
            StatusCodes.Status400BadRequest => ("Bad request", "We could not understand that request. Please check what you entered and try again."),
            StatusCodes.Status403Forbidden => ("Access denied", "You do not have permission to see this page."),
            StatusCodes.Status404NotFound => ("Page not found", "We could not find the page you asked for. It may have moved, or the address may be mistyped."),
            StatusCodes.Status405MethodNotAllowed => ("Not allowed", "That action cannot be done this way."),
            StatusCodes.Status413PayloadTooLarge => ("Too large", "What you sent is too large: an image may be at most 2 MB, a catalog file 64 MB."),
            StatusCodes.Status429TooManyRequests => ("Too many attempts", "You have tried this too often in a short time. Please wait a minute, then try again."),
            < 500 => ("Request not completed", "We could not complete that request."),
            _ => ("Something went wrong", "Sorry, we could not finish that request. Please try again in a moment."),
        };
        if (HttpContext.Items[Infrastructure.SameOriginPostFilter.Explanation] is string said)
        {
            (Heading, Explanation) = ("Not sent from the shop", said);
        }
    }

    public void OnPost() => OnGet();
}
