using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShopWeb.Privacy;

namespace ShopWeb.Data.Configurations;

internal sealed class SavedContactConfiguration : IEntityTypeConfiguration<SavedContact>
{
    public void Configure(EntityTypeBuilder<SavedContact> builder)
    {
        builder.HasKey(c => c.UserId);
        builder.Property(c => c.FullName).HasMaxLength(DetailLimits.Name);
        builder.Property(c => c.Phone).HasMaxLength(DetailLimits.Phone);
        builder.HasOne<ApplicationUser>().WithOne().HasForeignKey<SavedContact>(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SavedAddressConfiguration : IEntityTypeConfiguration<SavedAddress>
{
    public void Configure(EntityTypeBuilder<SavedAddress> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(DetailLimits.Name);
        builder.Property(a => a.Line1).HasMaxLength(DetailLimits.Line);
        builder.Property(a => a.Line2).HasMaxLength(DetailLimits.Line);
        builder.Property(a => a.City).HasMaxLength(DetailLimits.City);
        builder.Property(a => a.Region).HasMaxLength(DetailLimits.City);
        builder.Property(a => a.PostalCode).HasMaxLength(DetailLimits.PostalCode);
        builder.Property(a => a.Country).HasMaxLength(2);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.UserId);
    }
}

internal sealed class ConsentRecordConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> builder)
    {
        builder.Property(r => r.Choice).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Page).HasMaxLength(100);
        builder.Property(r => r.Wording).HasMaxLength(1000);
        builder.Property(r => r.WordingVersion).HasMaxLength(32);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.UserId, r.RecordedAt });
    }
}

internal sealed class AccountDeletionConfiguration : IEntityTypeConfiguration<AccountDeletion>
{
    public void Configure(EntityTypeBuilder<AccountDeletion> builder) => builder.Property(d => d.Marker).HasMaxLength(64);
}
