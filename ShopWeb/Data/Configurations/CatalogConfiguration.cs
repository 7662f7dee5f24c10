using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ShopWeb.Data.Configurations;

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.Slug).HasMaxLength(100);
        builder.Property(c => c.Description).HasMaxLength(1000);
        builder.HasIndex(c => c.Slug).IsUnique();
    }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("CK_Products_Price", "PriceMinor >= 0");

            // The search index is kept in step by AFTER triggers (see the ProductSearch migration), which SQLite's
            // RETURNING clause does not go with.
            t.UseSqlReturningClause(false);
        });
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Slug).HasMaxLength(200);
        builder.Property(p => p.Description).HasMaxLength(4000);
        builder.Property(p => p.ImagePath).HasMaxLength(300);
        builder.Property(p => p.SearchText).HasMaxLength(4300);
        builder.HasIndex(p => p.Slug).IsUnique();
        builder.HasIndex(p => new { p.CategoryId, p.IsPublished }); // a category's count, and the category's foreign key
        builder.Property(p => p.ListRank).HasComputedColumnSql($"coalesce(\"FeaturedRank\", {int.MaxValue})", stored: false);

        // Written only by the store's triggers (the LowestPrice migration): never in an INSERT or UPDATE of EF's.
        builder.Property(p => p.LowestPriceMinor).HasDefaultValue(0L).ValueGeneratedOnAddOrUpdate();
        ListingIndexes(builder);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasOne(p => p.Category).WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Variants).WithOne(v => v.Product).HasForeignKey(v => v.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Options).WithOne().HasForeignKey(o => o.ProductId).OnDelete(DeleteBehavior.Cascade);
    }

    /// <summary>
    /// One index per order the catalog lists products in (CatalogSearch), for the whole catalog and within a
    /// category, holding only what is on sale: a page of any listing is read in order, never sorted, at any size.
    /// </summary>
    private static void ListingIndexes(EntityTypeBuilder<Product> builder)
    {
        const string onSale = "\"IsPublished\"";
        builder.HasIndex(p => p.FeaturedRank, "IX_Products_Featured").HasFilter($"{onSale} AND \"FeaturedRank\" IS NOT NULL");
        (string Name, Expression<Func<Product, object?>> All, Expression<Func<Product, object?>> InCategory, bool[] Descending)[] orders =
        [
            ("Listing", p => new { p.ListRank, p.Name, p.Id }, p => new { p.CategoryId, p.ListRank, p.Name, p.Id }, [false, false, false]),
            ("PriceAsc", p => new { p.LowestPriceMinor, p.Name, p.Id }, p => new { p.CategoryId, p.LowestPriceMinor, p.Name, p.Id }, [false, false, false]),
            ("PriceDesc", p => new { p.LowestPriceMinor, p.Name, p.Id }, p => new { p.CategoryId, p.LowestPriceMinor, p.Name, p.Id }, [true, false, false]),
            ("Newest", p => new { p.CreatedAt, p.Name, p.Id }, p => new { p.CategoryId, p.CreatedAt, p.Name, p.Id }, [true, false, false]),
            ("Name", p => new { p.Name, p.Id }, p => new { p.CategoryId, p.Name, p.Id }, [false, false]),
        ];
        foreach (var (name, all, inCategory, descending) in orders)
        {
            builder.HasIndex(all, $"IX_Products_{name}").HasFilter(onSale).IsDescending(descending);
            builder.HasIndex(inCategory, $"IX_Products_Category{name}").HasFilter(onSale).IsDescending([false, .. descending]);
        }
    }
}

internal sealed class ProductVariantConfiguration : IEntityTypeConfiguration<ProductVariant>
{
    public void Configure(EntityTypeBuilder<ProductVariant> builder)
    {
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("CK_ProductVariants_Stock", "\"Stock\" >= 0");
            t.HasCheckConstraint("CK_ProductVariants_Price", "\"PriceMinor\" IS NULL OR \"PriceMinor\" >= 0");

            // The product's lowest price is kept in step by AFTER triggers (the LowestPrice migration), as for Products.
            t.UseSqlReturningClause(false);
        });
        builder.Property(v => v.Sku).HasMaxLength(ProductVariant.SkuMaxLength);
        builder.HasIndex(v => v.Sku).IsUnique();
        foreach (var option in new[] { nameof(ProductVariant.Option1), nameof(ProductVariant.Option2), nameof(ProductVariant.Option3) })
        {
            builder.Property(option).HasMaxLength(ProductOption.ValueMaxLength);
        }

        builder.Property(v => v.ImagePath).HasMaxLength(300);
        builder.Ignore(v => v.OptionText);
        builder.HasIndex(v => new { v.ProductId, v.Position }); // a product's variants in order, and the product's foreign key
    }
}

internal sealed class ProductOptionConfiguration : IEntityTypeConfiguration<ProductOption>
{
    public void Configure(EntityTypeBuilder<ProductOption> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(ProductOption.NameMaxLength);
        builder.HasIndex(o => new { o.ProductId, o.Position }).IsUnique();
    }
}

internal sealed class CartConfiguration : IEntityTypeConfiguration<Cart>
{
    public void Configure(EntityTypeBuilder<Cart> builder)
    {
        builder.Property(c => c.GuestKey).HasMaxLength(64);
        builder.HasIndex(c => c.GuestKey).IsUnique();
        builder.HasIndex(c => c.UserId).IsUnique();
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Lines).WithOne().HasForeignKey(l => l.CartId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CartLineConfiguration : IEntityTypeConfiguration<CartLine>
{
    public void Configure(EntityTypeBuilder<CartLine> builder)
    {
        builder.HasIndex(l => new { l.CartId, l.VariantId }).IsUnique();
        builder.HasOne(l => l.Product).WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(l => l.Variant).WithMany().HasForeignKey(l => l.VariantId).OnDelete(DeleteBehavior.Cascade);
    }
}
