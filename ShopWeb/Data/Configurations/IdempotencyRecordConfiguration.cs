using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ShopWeb.Data.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.Property(r => r.Caller).HasMaxLength(100);
        builder.Property(r => r.Key).HasMaxLength(Api.IdempotentRequests.MaxKeyLength);
        builder.Property(r => r.Fingerprint).HasMaxLength(64);
        builder.Property(r => r.Location).HasMaxLength(200);

        // One answer per key and caller: two first requests at once cannot both start.
        builder.HasIndex(r => new { r.Caller, r.Key }).IsUnique();
        builder.HasIndex(r => r.StartedAt);
    }
}
