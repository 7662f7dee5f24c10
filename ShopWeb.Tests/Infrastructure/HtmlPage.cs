using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>A response parsed as the browser would see it.</summary>
public sealed class HtmlPage(HttpResponseMessage response, IHtmlDocument document, string body)
{
    public HttpResponseMessage Response { get; } = response;

    public IHtmlDocument Document { get; } = document;

    public string Body { get; } = body;

    public HttpStatusCode Status => Response.StatusCode;

    /// <summary>The text of the page's one <c>h1</c>.</summary>
    public string Heading => Document.QuerySelectorAll("h1") switch
    {
        [var only] => only.TextContent.Trim(),
        var all => throw new InvalidOperationException($"Expected one <h1>, found {all.Length}."),
    };

    public IHtmlFormElement Form(string selector) =>
        Document.QuerySelector<IHtmlFormElement>(selector)
        ?? throw new InvalidOperationException($"No form matches '{selector}' on {Document.Url}.");

    public IElement? Find(string selector) => Document.QuerySelector(selector);

    public static async Task<HtmlPage> ReadAsync(HttpResponseMessage response) => await ParseAsync(response, await response.Content.ReadAsStringAsync());

    /// <summary>A page whose body the caller has read itself (decompressed, say).</summary>
    public static Task<HtmlPage> ReadAsync(HttpResponseMessage response, string body) => ParseAsync(response, body);

    /// <summary>The same page parsed again, with its forms as first sent: for filling a form more than once.</summary>
    public Task<HtmlPage> CopyAsync() => ParseAsync(Response, Body);

    private static async Task<HtmlPage> ParseAsync(HttpResponseMessage response, string body)
    {
        var address = response.RequestMessage?.RequestUri?.ToString() ?? "http://localhost/";
        // Not disposed: disposing the browsing context would empty the document it made.
        var context = BrowsingContext.New(AngleSharp.Configuration.Default);
        var contentType = response.Content.Headers.ContentType?.ToString() ?? "text/html";
        var document = (IHtmlDocument)await context.OpenAsync(request => request.Content(body).Address(address).Header("Content-Type", contentType));
        return new HtmlPage(response, document, body);
    }
}
