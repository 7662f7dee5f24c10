using System.Diagnostics;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using ShopWeb.Data;

namespace ShopWeb.Catalog;

/// <summary>Seeds the demo catalog into an empty store, so a newcomer can shop at once. Never touches a catalog with data.</summary>
internal static class DemoCatalog
{
    public static async Task SeedIfEmptyAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<SeedOptions>>().Value;
        if (!options.DemoCatalog)
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        if (await db.Categories.AnyAsync(cancellationToken))
        {
            return;
        }

        // One transaction for the whole catalog: a start-up cut short leaves an empty store, seeded again next time.
        // Instances starting together take turns, and each looks again once it has its turn: only the first seeds.
        await using var transaction = await StoreLocks.BeginAsync(db, "seed:demo-catalog", cancellationToken);
        if (await db.Categories.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var categories = DemoCatalogData.Categories
            .Select((c, index) => new Category { Name = c.Name, Slug = c.Slug, Description = c.Description, SortOrder = index })
            .ToDictionary(c => c.Slug);
        db.Categories.AddRange(categories.Values);
        foreach (var demo in DemoCatalogData.Products)
        {
            var product = new Product
            {
                Name = demo.Name,
                Slug = demo.Slug,
                Description = demo.Description,
                PriceMinor = demo.PriceMinor,
                ImagePath = $"/images/products/{demo.Slug}.svg",
                Category = categories[demo.CategorySlug],
                FeaturedRank = demo.FeaturedRank,
                CreatedAt = now.AddDays(-demo.DaysOld),
            };
            if (DemoCatalogVariants.BySlug.TryGetValue(demo.Slug, out var demoOptions))
            {
                var (productOptions, variants) = DemoCatalogVariants.For(demo.Slug, demoOptions, demo.Stock);
                product.Options.AddRange(productOptions);
                product.Variants.AddRange(variants);
            }
            else
            {
                product.Variants.Add(new ProductVariant { Sku = Skus.Of(demo.Slug), Stock = demo.Stock });
            }

            product.RefreshSearchText();
            db.Products.Add(product);
        }

        await db.SaveChangesAsync(cancellationToken);

        var extra = options.DemoCatalogSize - DemoCatalogData.Products.Count;
        if (extra > 0)
        {
            var started = Stopwatch.GetTimestamp();
            var generated = GeneratedProducts.Generate(extra, DemoCatalogData.Products.Select(p => p.Slug)).ToList();
            await InsertAsync(db, generated.Select(g =>
            {
                var product = new Product
                {
                    Name = g.Name,
                    Slug = g.Slug,
                    Description = g.Description,
                    PriceMinor = g.PriceMinor,
                    ImagePath = g.ImagePath,
                    CategoryId = categories[g.CategorySlug].Id,
                    CreatedAt = now.AddDays(-g.DaysOld),
                };
                product.RefreshSearchText();
                return product;
            }), ProductColumns, cancellationToken);

            // A generated product without options is sold as one variant, as every product without options is; the
            // others get theirs as the demo's own products do.
            var ids = await db.Products.Select(p => new { p.Id, p.Slug }).ToDictionaryAsync(p => p.Slug, p => p.Id, cancellationToken);
            var sold = generated.Select(g => (Id: ids[g.Slug], Both: g.Options is null
                ? ([], [new ProductVariant { Sku = Skus.Of(g.Slug), Stock = g.Stock }])
                : DemoCatalogVariants.For(g.Slug, g.Options, g.Stock))).ToList();
            await InsertAsync(db, sold.SelectMany(s => s.Both.Options.Select(o => { o.ProductId = s.Id; return o; })), OptionColumns, cancellationToken);
            await InsertAsync(db, sold.SelectMany(s => s.Both.Variants.Select(v => { v.ProductId = s.Id; return v; })), VariantColumns, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoCatalog)).LogInformation(
                "Seeded a demo catalog of {Size} products in {Seconds:0.0} s", options.DemoCatalogSize, Stopwatch.GetElapsedTime(started).TotalSeconds);
            return;
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static readonly string[] ProductColumns =
    [
        nameof(Product.Name), nameof(Product.Slug), nameof(Product.Description), nameof(Product.PriceMinor),
        nameof(Product.ImagePath), nameof(Product.CategoryId), nameof(Product.IsPublished), nameof(Product.FeaturedRank),
        nameof(Product.CreatedAt), nameof(Product.ArchivedAt), nameof(Product.Version), nameof(Product.SearchText),
    ];

    private static readonly string[] VariantColumns =
    [
        nameof(ProductVariant.ProductId), nameof(ProductVariant.Sku), nameof(ProductVariant.Option1), nameof(ProductVariant.Option2),
        nameof(ProductVariant.Option3), nameof(ProductVariant.PriceMinor), nameof(ProductVariant.Stock), nameof(ProductVariant.ImagePath),
        nameof(ProductVariant.IsOnSale), nameof(ProductVariant.Position),
    ];

    private static readonly string[] OptionColumns =
    [
        nameof(ProductOption.ProductId), nameof(ProductOption.Position), nameof(ProductOption.Name), nameof(ProductOption.Values),
    ];

    /// <summary>
    /// Adds many rows, a few hundred to an INSERT, in the open transaction: EF's change tracker costs more than the
    /// insert itself at 100,000 rows, and a round trip a row is most of the time on PostgreSQL (minutes for the largest
    /// catalog, against seconds in chunks). Column values go through the model's own converters, so they read back as
    /// EF wrote them.
    /// </summary>
    private static async Task InsertAsync<T>(ShopDbContext db, IEnumerable<T> rows, string[] columns, CancellationToken cancellationToken)
        where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T))!;
        var properties = columns.Select(c => entity.FindProperty(c)!).ToArray();
        var insert = $"""INSERT INTO "{entity.GetTableName()}" ({string.Join(", ", properties.Select(p => $"\"{p.GetColumnName()}\""))}) VALUES """;

        // 500 rows of at most 12 columns: 6,000 parameters, well within SQLite's 32,766 and PostgreSQL's 65,535.
        foreach (var chunk in rows.Chunk(500))
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            var values = new StringBuilder(insert);
            for (var row = 0; row < chunk.Length; row++)
            {
                values.Append(row == 0 ? "(" : ", (");
                for (var i = 0; i < properties.Length; i++)
                {
                    var value = properties[i].GetGetter().GetClrValueUsingContainingEntity(chunk[row]);
                    var converter = properties[i].GetTypeMapping().Converter;
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = $"@p{row}_{i}";
                    parameter.Value = (converter is null || value is null ? value : converter.ConvertToProvider(value)) ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                    values.Append(i == 0 ? "" : ", ").Append(parameter.ParameterName);
                }

                values.Append(')');
            }

            command.CommandText = values.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
