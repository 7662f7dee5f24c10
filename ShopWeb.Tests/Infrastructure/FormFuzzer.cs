using System.Net.Http.Headers;
using System.Text;
using System.Web;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// The fuzz test's requests to a page's forms: every field of every form, pressed with each of its buttons, and each
/// query parameter of the form's action, with every other field valid. The page is read again after a form of it went
/// through, so the next request carries what the page shows now (a saved product's new version, a fresh checkout).
/// </summary>
public sealed class FormFuzzer(
    ShopBrowser browser, string actor, HtmlPage page, PageAddress route, Func<string, string?> validValue, Func<Task>? beforeReload = null)
{
    // Put in the field being fuzzed, then replaced by each nasty value in the request the form made.
    private const string Marker = "fuzzmarker7f3a9c";

    private readonly string address = new Uri(page.Document.Url).PathAndQuery;
    private readonly HtmlPage first = page;
    private HtmlPage current = page;
    private bool stale;
    private bool steady;
    private int version;

    /// <summary>
    /// The inputs for every form not yet in <paramref name="seen"/>: a form whose handler and fields were already fuzzed
    /// (the account menu's on every page, a "Delete" per row) is skipped, and so is a GET form, whose fields are query
    /// parameters of the page it opens and get every value there.
    /// </summary>
    public List<FuzzInput> Inputs(ISet<string> seen)
    {
        var inputs = new List<FuzzInput>();
        foreach (var form in current.Document.Forms)
        {
            var buttons = Buttons(form);
            for (var b = 0; b < Math.Max(buttons.Count, 1); b++)
            {
                var button = buttons.Count == 0 ? null : buttons[b];
                var key = Key(current, form, button);
                if (Method(form, button) != "post" || !seen.Add(key))
                {
                    continue;
                }

                var label = $"form {(form.Id is { Length: > 0 } id ? "#" + id : form.GetAttribute("action"))}{(button is null ? "" : $" [{button.TextContent.Trim()}]")}";
                foreach (var field in FieldNames(form))
                {
                    var request = new CachedRequest(this, key, b, field);
                    inputs.AddRange(NastyValues.InForm.Select(value =>
                        new FuzzInput(browser, actor, address, $"{label} {field}", value, async () => (await request.GetAsync()).With(value)) { Answered = Answered }));
                }

                var valid = new CachedRequest(this, key, b, field: null);
                var target = Target(current, form, button);
                foreach (var name in QueryNames(target.Query))
                {
                    inputs.AddRange(NastyValues.InAddress.Select(value =>
                        new FuzzInput(browser, actor, address, $"{label} action ?{name}", value, async () => (await valid.GetAsync()).WithQuery(name, value)) { Answered = Answered }));
                }

                // A form posting back to its own page's route (the order, the customer) gets each route value too.
                if (string.Equals(target.AbsolutePath, route.Path(), StringComparison.OrdinalIgnoreCase))
                {
                    inputs.AddRange(
                        from parameter in PageAddress.Parameters(route.Template)
                        from value in NastyValues.InAddress
                        where !value.Bytes.Contains((byte)0)
                        select new FuzzInput(browser, actor, address, $"{label} action {{{parameter}}}", value,
                            async () => (await valid.GetAsync()).WithPath(route.Path(parameter, value.Percent()))) { Answered = Answered });
                }
            }
        }

        return inputs;
    }

    // Once a page read again shows the same hidden values, it is not read again: nothing in its forms goes stale.
    private void Answered(bool redirected) => stale |= redirected && !steady;

    private async Task<(HtmlPage Page, int Version)> PageAsync()
    {
        if (stale)
        {
            stale = false;
            if (beforeReload is not null)
            {
                await beforeReload();
            }

            var read = await browser.GetAsync(address);
            steady = HiddenValues(read).SequenceEqual(HiddenValues(current));
            current = read;
            version++;
        }

        return (current, version);
    }

    /// <summary>What the page's forms carry besides the antiforgery token: a version, an idempotency key, a row's id.</summary>
    private static IEnumerable<string> HiddenValues(HtmlPage page) =>
        page.Document.QuerySelectorAll<IHtmlInputElement>("form input[type=hidden]")
            .Where(i => i.Name != "__RequestVerificationToken")
            .Select(i => $"{i.Name}={i.Value}");

    /// <summary>The form's request with the marker in the fuzzed field (none: all valid), made again when the page was read again.</summary>
    private sealed class CachedRequest(FormFuzzer fuzzer, string key, int button, string? field)
    {
        private (int Version, FormRequest Request)? made;

        public async Task<FormRequest> GetAsync()
        {
            var (page, version) = await fuzzer.PageAsync();
            if (made is { } last && last.Version == version)
            {
                return last.Request;
            }

            // Gone from the page read again (the line was removed, the order moved on): sent as the page first showed it.
            var form = await FindAsync(page) ?? await FindAsync(fuzzer.first)
                ?? throw new InvalidOperationException($"No form {key} on {fuzzer.address}.");
            var request = await fuzzer.MakeAsync(form, button, field);
            made = (version, request);
            return request;
        }

        private async Task<IHtmlFormElement?> FindAsync(HtmlPage page)
        {
            var copy = await page.CopyAsync();
            return copy.Document.Forms.FirstOrDefault(f => Key(copy, f, Buttons(f).ElementAtOrDefault(button)) == key);
        }
    }

    private async Task<FormRequest> MakeAsync(IHtmlFormElement form, int b, string? field)
    {
        // A tampering client skips the browser's own checks (required, maxlength, pattern).
        form.SetAttribute("novalidate", "");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in form.Elements)
        {
            if (element.GetAttribute("name") is not { Length: > 0 } name)
            {
                continue;
            }

            if (element is IHtmlSelectElement { Value: null or "" } select && select.Options.FirstOrDefault(o => o.Value.Length > 0) is { } first)
            {
                values[name] = first.Value; // the first real choice, as a shopper picks one
            }
            else if (IsEmpty(element) && validValue(name) is { } value)
            {
                values[name] = value;
            }
        }

        if (field is not null)
        {
            values[field] = Marker;
        }

        var buttons = Buttons(form);
        using var request = ShopBrowser.Submission(form, values, buttons.ElementAtOrDefault(b));
        return new FormRequest(request.Method, request.RequestUri!.AbsoluteUri,
            request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(), request.Content?.Headers.ContentType);
    }

    /// <summary>What a form does: where it posts, which handler and which fields, whatever row it is for.</summary>
    private static string Key(HtmlPage page, IHtmlFormElement form, IHtmlElement? button) =>
        $"{Target(page, form, button).AbsolutePath} {HttpUtility.ParseQueryString(Target(page, form, button).Query)["handler"]} {string.Join(',', FieldNames(form))}";

    private static Uri Target(HtmlPage page, IHtmlFormElement form, IHtmlElement? button) =>
        new(new Uri(page.Document.Url), button?.GetAttribute("formaction") ?? form.GetAttribute("action") ?? "");

    private static string Method(IHtmlFormElement form, IHtmlElement? button) =>
        (button?.GetAttribute("formmethod") ?? form.GetAttribute("method") ?? "get").ToLowerInvariant();

    /// <summary>The names a form posts: its inputs, selects and text areas (a file input gets no file).</summary>
    private static List<string> FieldNames(IHtmlFormElement form) =>
        form.Elements
            .Where(e => e is IHtmlSelectElement or IHtmlTextAreaElement
                || e is IHtmlInputElement { Type: not ("submit" or "button" or "image" or "reset" or "file") })
            .Select(e => e.GetAttribute("name") ?? "")
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static List<IHtmlElement> Buttons(IHtmlFormElement form) =>
        form.Elements.OfType<IHtmlElement>()
            .Where(e => e is IHtmlButtonElement { Type: "submit" } || e is IHtmlInputElement { Type: "submit" or "image" })
            .ToList();

    private static bool IsEmpty(IElement element) => element switch
    {
        IHtmlInputElement { Type: "checkbox" or "radio" or "hidden" or "submit" or "file" } => false,
        IHtmlInputElement input => input.Value.Length == 0,
        IHtmlTextAreaElement area => area.Value.Length == 0,
        _ => false,
    };

    private static IEnumerable<string> QueryNames(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair => Uri.UnescapeDataString(pair.Split('=')[0])).Distinct(StringComparer.Ordinal);

    /// <summary>A form's request as the browser made it, kept as bytes so each nasty value can be put in exactly.</summary>
    private sealed record FormRequest(HttpMethod Method, string Url, byte[]? Body, MediaTypeHeaderValue? ContentType)
    {
        /// <summary>This request with the marker replaced by <paramref name="value"/>: percent-encoded in a url-encoded body, raw in a multipart one.</summary>
        public HttpRequestMessage With(NastyValue value)
        {
            var replacement = ContentType?.MediaType == "multipart/form-data" ? value.Bytes : Encoding.ASCII.GetBytes(value.Percent());
            var marker = Encoding.ASCII.GetBytes(Marker);
            var at = Body is null ? -1 : Body.AsSpan().IndexOf(marker);
            if (at < 0)
            {
                throw new InvalidOperationException($"The field being fuzzed is not in the request to {Url}.");
            }

            return Request(Url, [.. Body!.AsSpan(0, at), .. replacement, .. Body.AsSpan(at + marker.Length)]);
        }

        /// <summary>This request with query parameter <paramref name="name"/> of its address set to <paramref name="value"/>.</summary>
        public HttpRequestMessage WithQuery(string name, NastyValue value)
        {
            var uri = new Uri(Url);
            var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => Uri.UnescapeDataString(pair.Split('=')[0]) == name ? $"{pair.Split('=')[0]}={value.Percent()}" : pair);
            return Request(uri.GetLeftPart(UriPartial.Path) + "?" + string.Join('&', query), Body);
        }

        public HttpRequestMessage WithPath(string path) => Request(new Uri(new Uri(Url), path + new Uri(Url).Query).AbsoluteUri, Body);

        private HttpRequestMessage Request(string url, byte[]? body)
        {
            var request = new HttpRequestMessage(Method, url);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = ContentType;
            }

            return request;
        }
    }
}
