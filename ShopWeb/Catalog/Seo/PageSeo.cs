namespace ShopWeb.Catalog.Seo;

/// <summary>
/// What a catalog page tells search engines and link previews in its head (Pages/Shared/_Seo.cshtml): its canonical
/// address and its Open Graph description (a product's structured data is at the end of its page: ProductJsonLd). Every absolute address comes from
/// <c>Shop:PublicUrl</c>, and every value from what the page's cache key names, so a cached copy is right for everyone.
/// </summary>
public sealed record PageSeo(string CanonicalUrl, string Description, string? ImageUrl, string Type)
{
    /// <summary>The preview's title when the page's own (its &lt;title&gt;) would not do, such as the home page's "Home".</summary>
    public string? Title { get; init; }

    /// <summary>A page search engines should follow but not index (a search's results: endless, and thin).</summary>
    public bool NoIndex { get; init; }

    /// <summary>Open Graph's product properties (<c>product:price:amount</c>, <c>product:price:currency</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ProductProperties { get; init; } = [];

    /// <summary>Descriptions past this are cut at a word: previews show about this much.</summary>
    public const int DescriptionLength = 200;

    public static string Shorten(string text)
    {
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length <= DescriptionLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', DescriptionLength - 1);
        return text[..(cut > 0 ? cut : DescriptionLength - 1)] + "…";
    }
}
