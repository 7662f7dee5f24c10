using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog;

/// <summary>
/// One shop with the largest demo catalog (Seed:DemoCatalogSize 100000), shared by the tests that need that many
/// products: seeding it takes 15 to 30 s, so it is seeded once per store that test.sh runs on, not once per test.
/// A test that changes it puts it back.
/// </summary>
public sealed class LargestCatalog() : ShopFactory(new Dictionary<string, string?> { ["Seed:DemoCatalogSize"] = "100000" })
{
    public const int Products = 100_000;
}

[CollectionDefinition(Name)]
public sealed class LargestCatalogCollection : ICollectionFixture<LargestCatalog>
{
    public const string Name = "The largest demo catalog";
}
