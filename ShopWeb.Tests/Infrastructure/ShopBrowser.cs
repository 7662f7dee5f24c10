using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// Loads pages and submits their real forms, hidden antiforgery token and cookies included, the way the
/// aspnetcore Identity functional tests drive their pages.
/// </summary>
public sealed class ShopBrowser(HttpClient client) : IDisposable
{
    public HttpClient Client { get; } = client;

    /// <summary>A browser of its own (cookies, redirects followed) over real HTTP, for a shop running in another process.</summary>
    public static ShopBrowser Over(Uri address) =>
        new(new HttpClient(new SocketsHttpHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) });

    public async Task<HtmlPage> GetAsync(string url) => await HtmlPage.ReadAsync(await Client.GetAsync(url));

    /// <summary>Fills the form's fields by name, then presses the submit button whose text is <paramref name="button"/>.</summary>
    /// <param name="headers">Request headers a browser adds on its own, such as <c>Origin</c>.</param>
    public async Task<HtmlPage> SubmitAsync(
        HtmlPage page, string formSelector, IReadOnlyDictionary<string, string>? fields = null, string? button = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var form = page.Form(formSelector);
        using var request = Submission(form, fields ?? new Dictionary<string, string>(), button is null ? null : FindButton(form, button));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        return await HtmlPage.ReadAsync(await Client.SendAsync(request));
    }

    /// <summary>The request a browser sends for <paramref name="form"/> filled with <paramref name="fields"/> and submitted by <paramref name="submitter"/>.</summary>
    public static HttpRequestMessage Submission(IHtmlFormElement form, IReadOnlyDictionary<string, string> fields, IHtmlElement? submitter = null)
    {
        FormFiller.Fill(form, fields);
        var submission = (submitter is null ? form.GetSubmission() : form.GetSubmission(submitter))
            ?? throw new InvalidOperationException("The form cannot be submitted.");

        var request = new HttpRequestMessage(new HttpMethod(submission.Method.ToString().ToUpperInvariant()), submission.Target.Href);
        if (submission.Method != AngleSharp.Io.HttpMethod.Get)
        {
            using var body = new MemoryStream();
            submission.Body.CopyTo(body);
            request.Content = new ByteArrayContent(body.ToArray());
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(submission.MimeType ?? "application/x-www-form-urlencoded");
        }

        return request;
    }

    public void Dispose() => Client.Dispose();

    private static IHtmlElement FindButton(IHtmlFormElement form, string text) =>
        form.QuerySelectorAll<IHtmlElement>("button, input[type=submit]")
            .FirstOrDefault(b => b.TextContent.Trim() == text || b.GetAttribute("value") == text)
        ?? throw new InvalidOperationException($"The form has no button '{text}'.");
}
