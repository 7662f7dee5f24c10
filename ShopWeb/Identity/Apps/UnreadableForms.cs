namespace ShopWeb.Identity.Apps;

/// <summary>
/// OpenIddict reads the form of a POST to /connect itself, and a form that cannot be read (a NUL in a value, more
/// than 1,024 fields) escapes from it as an exception: a 500. So the form is read first here, and such a request gets
/// the answer OAuth gives a malformed request (RFC 6749 5.2). A readable form is kept for OpenIddict, not read twice.
/// </summary>
internal static class UnreadableForms
{
    public static void UseUnreadableFormRefusal(WebApplication app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/connect") && request.HasFormContentType)
        {
            try
            {
                await request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.Headers.CacheControl = "no-store";
                await context.Response.WriteAsJsonAsync(
                    new { error = "invalid_request", error_description = "The request's form could not be read." }, context.RequestAborted);
                return;
            }
        }

        await next(context);
    });
}
