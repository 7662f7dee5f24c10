using System.Text.RegularExpressions;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// One request of the fuzz test: one nasty value in one field, every other field valid, so a failure names its field.
/// <see cref="Answered"/> hears whether the answer came through a redirect: the form went through, and its page may
/// have changed.
/// </summary>
public sealed record FuzzInput(ShopBrowser Browser, string Actor, string Page, string Field, NastyValue Value, Func<Task<HttpRequestMessage>> RequestAsync)
{
    public Action<bool>? Answered { get; init; }
}

/// <summary>A page's address for one actor: its route template, the real route values and the query it needs.</summary>
public sealed partial record PageAddress(string Template, IReadOnlyDictionary<string, string> Route, IReadOnlyDictionary<string, string> Query)
{
    public static IEnumerable<string> Parameters(string template) => Parameter().Matches(template).Select(m => m.Groups["name"].Value);

    /// <summary>The template without its optional parameters, such as <c>/admin/products/edit</c> for a new product.</summary>
    public static string WithoutOptional(string template) => Optional().Replace(template, "");

    public string Path(string? parameter = null, string? encoded = null) =>
        Parameter().Replace(Template, m => m.Groups["name"].Value == parameter ? encoded! : Uri.EscapeDataString(Route[m.Groups["name"].Value]));

    /// <summary>The address, with <paramref name="name"/> set to the already-encoded <paramref name="encoded"/> when given.</summary>
    public string Url(string? name = null, string? encoded = null)
    {
        var query = Query.Where(q => q.Key != name).Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}").ToList();
        if (name is not null)
        {
            query.Add($"{Uri.EscapeDataString(name)}={encoded}");
        }

        return Path() + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }

    [GeneratedRegex(@"\{(?<name>\w+)(:[^}?]*)?\??\}")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"/\{\w+(:[^}?]*)?\?\}")]
    private static partial Regex Optional();
}

/// <summary>The fuzz test's requests to an address: each route value and each query parameter in turn.</summary>
public static class FuzzInputs
{
    /// <summary>Each route value of the page in turn, the others real. A NUL is left out: Kestrel refuses it in a path with a 400.</summary>
    public static IEnumerable<FuzzInput> InRoute(ShopBrowser browser, string actor, PageAddress address) =>
        from parameter in PageAddress.Parameters(address.Template)
        from value in NastyValues.InAddress
        where !value.Bytes.Contains((byte)0)
        select new FuzzInput(browser, actor, address.Template, "{" + parameter + "}", value,
            () => Get(address.Path(parameter, value.Percent()) + QueryOf(address.Url())));

    public static IEnumerable<FuzzInput> InQuery(ShopBrowser browser, string actor, PageAddress address, IEnumerable<string> names) =>
        from name in names
        from value in NastyValues.InAddress
        select new FuzzInput(browser, actor, address.Url(), "?" + name, value, () => Get(address.Url(name, value.Percent())));

    private static Task<HttpRequestMessage> Get(string url) => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative)));

    private static string QueryOf(string url) => url.Contains('?', StringComparison.Ordinal) ? url[url.IndexOf('?', StringComparison.Ordinal)..] : "";
}
