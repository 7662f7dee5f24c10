using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ShopWeb.Data.Configurations;

internal sealed class InstanceStatusConfiguration : IEntityTypeConfiguration<InstanceStatus>
{
    public void Configure(EntityTypeBuilder<InstanceStatus> builder)
    {
        builder.ToTable("InstanceStatus");
        builder.HasKey(s => s.Instance);
        builder.Property(s => s.Instance).HasMaxLength(200);
        builder.Property(s => s.Version).HasMaxLength(200);
        builder.Property(s => s.OldestCardOrder).HasMaxLength(32);
        builder.HasIndex(s => s.PublishedAt); // the page's "seen lately", and the clean-up of instances long gone
    }
}
