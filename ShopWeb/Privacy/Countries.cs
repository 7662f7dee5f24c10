using System.Globalization;

namespace ShopWeb.Privacy;

/// <summary>The countries an address can be in: every region .NET knows, by ISO 3166-1 alpha-2 code, sorted by name.</summary>
public static class Countries
{
    public static IReadOnlyList<(string Code, string Name)> All { get; } = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(culture => new RegionInfo(culture.Name))
        .Where(region => region.TwoLetterISORegionName.Length == 2 && char.IsLetter(region.TwoLetterISORegionName[0]))
        .DistinctBy(region => region.TwoLetterISORegionName)
        .Select(region => (region.TwoLetterISORegionName, region.EnglishName))
        .OrderBy(country => country.EnglishName, StringComparer.Create(CultureInfo.GetCultureInfo("en"), ignoreCase: true)) // as a reader looks for it: Åland under A, Côte d'Ivoire before Czechia
        .ToList();

    private static readonly Dictionary<string, string> Names = All.ToDictionary(c => c.Code, c => c.Name, StringComparer.Ordinal);

    public static bool IsKnown(string? code) => code is not null && Names.ContainsKey(code);

    public static string NameOf(string code) => Names.GetValueOrDefault(code, code);
}
