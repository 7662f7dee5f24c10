using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShopWeb.Privacy;

namespace ShopWeb.Data.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.Property(o => o.Number).HasMaxLength(16);
        builder.HasIndex(o => o.Number).IsUnique();
        builder.Property(o => o.AccessToken).HasMaxLength(64);
        builder.Property(o => o.IdempotencyKey).HasMaxLength(64);
        builder.Property(o => o.GuestKeyHash).HasMaxLength(64);
        builder.HasIndex(o => o.IdempotencyKey).IsUnique();
        builder.HasIndex(o => new { o.UserId, o.PlacedAt });
        // The oldest order awaiting card payment (each instance's status, every 5 s): without it, a scan and a sort of
        // every order the shop ever took.
        builder.HasIndex(o => new { o.Status, o.Payment, o.PlacedAt });
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.Payment).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.Shipping).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.Currency).HasMaxLength(3);
        builder.Property(o => o.Email).HasMaxLength(256);
        builder.Property(o => o.FullName).HasMaxLength(DetailLimits.Name);
        builder.Property(o => o.Phone).HasMaxLength(DetailLimits.Phone);
        builder.Property(o => o.ShipName).HasMaxLength(DetailLimits.Name);
        builder.Property(o => o.Line1).HasMaxLength(DetailLimits.Line);
        builder.Property(o => o.Line2).HasMaxLength(DetailLimits.Line);
        builder.Property(o => o.City).HasMaxLength(DetailLimits.City);
        builder.Property(o => o.Region).HasMaxLength(DetailLimits.City);
        builder.Property(o => o.PostalCode).HasMaxLength(DetailLimits.PostalCode);
        builder.Property(o => o.Country).HasMaxLength(64);

        // Orders stay for the shop's books when an account goes; deleting the account anonymises them first.
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.Property(l => l.ProductName).HasMaxLength(200);
        builder.Property(l => l.ProductSlug).HasMaxLength(200);
        builder.Property(l => l.Sku).HasMaxLength(ProductVariant.SkuMaxLength);
        builder.Property(l => l.OptionText).HasMaxLength(3 * ProductOption.ValueMaxLength + 6);
        builder.HasOne<ProductVariant>().WithMany().HasForeignKey(l => l.VariantId).OnDelete(DeleteBehavior.SetNull);
        builder.Ignore(l => l.LineTotalMinor);
        builder.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.SetNull);
    }
}
