using System.Globalization;
using ShopWeb.Catalog;

namespace ShopWeb.Api.V1;

/// <summary>
/// The query of <c>GET /api/v1/products</c>: the catalog page's query (<see cref="CatalogQuery"/>), but strict, as an
/// app wants it: a value the page would quietly replace (an unknown sort, page 0, a page size over 100) is a 400
/// naming the parameter.
/// </summary>
internal static class ProductListQuery
{
    public static (CatalogQuery? Query, Dictionary<string, string[]> Errors) Parse(string? q, string? category, string? sort, string? page, string? pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (q is { Length: > CatalogQuery.MaxSearchLength })
        {
            errors["q"] = [$"Search for at most {CatalogQuery.MaxSearchLength} characters."];
        }

        if (sort is not null && !CatalogQuery.Sorts.Any(s => s.Value == sort))
        {
            errors["sort"] = ["Sort by one of: " + string.Join(", ", CatalogQuery.Sorts.Select(s => s.Value)) + "."];
        }

        var pageNumber = Number(page, 1, int.MaxValue, "page", "Ask for page 1 or later.", errors);
        var size = Number(pageSize, CatalogQuery.DefaultPageSize, CatalogQuery.MaxPageSize, "pageSize", $"Ask for 1 to {CatalogQuery.MaxPageSize} products a page.", errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var query = CatalogQuery.From(q, category, sort, pageNumber.ToString(CultureInfo.InvariantCulture)) with { PageSize = size };
        return (query, errors);
    }

    /// <summary>The output cache's key for a query: equal for equal queries, and never equal to a valid one's for an invalid query.</summary>
    public static string CacheKey(IQueryCollection query)
    {
        var (parsed, _) = Parse(Value(query, "q"), Value(query, "category"), Value(query, "sort"), Value(query, "page"), Value(query, "pageSize"));
        return parsed is null ? "invalid:" + query.ToString() : parsed.Url() + "&size=" + parsed.PageSize.ToString(CultureInfo.InvariantCulture);
    }

    // As model binding reads a string parameter: several values are joined with commas (and so are not a number).
    private static string? Value(IQueryCollection query, string name) => query.TryGetValue(name, out var values) ? values.ToString() : null;

    /// <summary>A whole number from 1 to <paramref name="max"/>, or the fallback when left out; anything else is an error naming the parameter.</summary>
    internal static int Number(string? text, int fallback, int max, string name, string message, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max)
        {
            return value;
        }

        // A parameter given twice arrives joined with a comma ("1,2"): each value may be fine, the repetition is not.
        errors[name] = [text.Contains(',', StringComparison.Ordinal) ? $"Give {name} once." : message];
        return fallback;
    }
}
