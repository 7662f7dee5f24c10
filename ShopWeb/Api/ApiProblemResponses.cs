using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ShopWeb.Api;

/// <summary>
/// Every error under /api is a problem document, never the shop's HTML error pages: the status code pages are off
/// there, and an error answered without a body (an unknown address, a body that is not JSON, a wrong method) gets
/// one here. Sits inside the status code pages and outside routing, rate limits and authentication.
/// </summary>
internal static class ApiProblemResponses
{
    public static IApplicationBuilder UseApiProblemResponses(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!ApiPaths.IsApi(context.Request.Path))
        {
            await next(context);
            return;
        }

        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }

        // HEAD is GET without the body (RFC 9110 9.3.2), which a client uses to read an ETag or a length: the endpoints
        // are mapped for GET, and Kestrel, which parsed the request as HEAD, sends no body whatever is written.
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Request.Method = HttpMethods.Get;
        }

        await next(context);
        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
        {
            // The shop's catch-all answers every method and every body, so routing never says 405 or 415 itself: an
            // address the API has, asked with a method it does not take, is told which it does; asked with one it takes
            // but with a body it does not read (no content type, or not JSON), is told to send JSON. Otherwise a route
            // value failed its constraint ({id:int}), which the template match below does not check: that stays a 404.
            if (response.StatusCode == StatusCodes.Status404NotFound && EndpointsAt(context) is { Count: > 0 } endpoints)
            {
                var allowed = endpoints.SelectMany(e => e.Methods).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var taking = endpoints.Where(e => e.Methods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase)).ToList();
                if (taking.Count == 0)
                {
                    response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                    response.Headers.Allow = string.Join(", ", allowed);
                }
                else if (taking.All(e => e.Accepts is { Count: > 0 } accepts && !Reads(accepts, context.Request.ContentType)))
                {
                    if (taking.All(e => e.SignedIn) && context.Request.Headers.Authorization.Count == 0)
                    {
                        // A signed-in operation asked without a token is told to sign in first, whatever its body.
                        await new Identity.Apps.ApiAuthorization.NotSignedInChallenge().ExecuteAsync(context);
                        return;
                    }

                    response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                }
            }

            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = response.StatusCode, Detail = DetailOf(response.StatusCode) },
            });
        }
    });

    /// <summary>The API's endpoints whose route template matches the address, with their methods, body types and whether they need a sign-in.</summary>
    private static List<(IReadOnlyList<string> Methods, IReadOnlyList<string>? Accepts, bool SignedIn)> EndpointsAt(HttpContext context)
    {
        // The decoded path as it is: a string would be decoded again on its way back to a PathString (%2500 to a NUL).
        var path = context.Request.Path;
        var found = new List<(IReadOnlyList<string>, IReadOnlyList<string>?, bool)>();
        foreach (var endpoint in context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.RoutePattern.RawText is { } pattern && pattern.StartsWith(ApiPaths.V1, StringComparison.OrdinalIgnoreCase)
                && endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods
                && new TemplateMatcher(TemplateParser.Parse(pattern), new RouteValueDictionary()).TryMatch(path, new RouteValueDictionary()))
            {
                found.Add((methods.HttpMethods, endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes,
                    endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is not null
                    && endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null));
            }
        }

        return found;
    }

    /// <summary>Whether a body of <paramref name="contentType"/> is one of <paramref name="accepts"/> (application/json and its kin).</summary>
    private static bool Reads(IReadOnlyList<string> accepts, string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var sent)
        && accepts.Any(accepted => sent.IsSubsetOf(MediaTypeHeaderValue.Parse(accepted)));

    private static string? DetailOf(int status) => status switch
    {
        400 => "The request could not be read: check its JSON body, headers and query values against /openapi/v1.json.",
        404 => "Nothing of the API has this address.",
        405 => "This address does not accept this method.",
        415 => "Send the body as application/json.",
        _ => null,
    };
}

/// <summary>
/// Writes the problems of /api: whatever the request's Accept header says (an app asking only for HTML still gets
/// JSON rather than nothing), always with its stable type and a traceId. The rest of the shop keeps its pages.
/// </summary>
internal sealed class ApiProblemWriter(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => ApiPaths.IsApi(context.HttpContext.Request.Path);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var http = context.HttpContext;
        problem.Status ??= http.Response.StatusCode;
        http.Response.StatusCode = problem.Status.Value;
        // No cache between the shop and the app keeps an error: most are about the caller's own cart, order or account,
        // and some are answered before an endpoint's own no-store could be set (a body that cannot be read, a wrong method).
        http.Response.Headers.CacheControl = "no-store";
        Complete(problem, http);
        return new(http.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, "application/problem+json", http.RequestAborted));
    }

    /// <summary>The framework's defaults name RFC 9110's sections; the API names its own types, one per failure.</summary>
    public static void Complete(ProblemDetails problem, HttpContext http)
    {
        var status = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (problem.Type is null || !problem.Type.StartsWith(ApiProblems.Base, StringComparison.Ordinal))
        {
            problem.Type = problem is HttpValidationProblemDetails && status == 400 ? ApiProblems.Validation : ApiProblems.TypeOf(status);
        }

        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
        if (problem is HttpValidationProblemDetails validation)
        {
            // Two rules of a field may refuse a value in the same words ([EmailAddress] and [DeliverableEmail]): said once.
            foreach (var (field, messages) in validation.Errors.ToList())
            {
                validation.Errors[field] = [.. messages.Distinct(StringComparer.Ordinal)];
            }
        }

        problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
    }
}

/// <summary>An exception under /api: a problem with the traceId to quote, never a stack trace or the HTML error page.</summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed the request at the error page: the address asked for is the feature's,
        // already decoded (the PathString's constructor, unlike a conversion from string, does not decode it again).
        var path = httpContext.Features.Get<IExceptionHandlerFeature>()?.Path is { } asked ? new PathString(asked) : httpContext.Request.Path;
        if (!ApiPaths.IsApi(path))
        {
            return false;
        }

        httpContext.Request.Path = path;

        var status = exception switch
        {
            BadHttpRequestException bad => bad.StatusCode,
            // A charset no encoding has (application/json; charset=nonsense): the framework throws rather than refusing it.
            InvalidOperationException when UnknownCharset(httpContext.Request.ContentType) => StatusCodes.Status415UnsupportedMediaType,
            _ => Infrastructure.BrieflyUnavailable.StatusCodeFor(exception), // 503 when Redis or the store is out of reach
        };
        if (status >= 500)
        {
            logger.LogError(exception, "The API failed on {Path}", path);
        }

        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = Infrastructure.BrieflyUnavailable.RetryAfter;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = status,
                Detail = status switch
                {
                    StatusCodes.Status503ServiceUnavailable => "Part of the shop is out of reach for a moment. Retry after the seconds in Retry-After.",
                    >= 500 => "The shop could not answer this request. If you report it, quote the traceId.",
                    _ => "The request could not be read: check it against /openapi/v1.json.",
                },
            },
        });
    }

    private static bool UnknownCharset(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type) || type.Charset is not { Length: > 0 } charset)
        {
            return false;
        }

        try
        {
            Encoding.GetEncoding(charset.ToString());
            return false;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
