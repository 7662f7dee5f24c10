using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ShopWeb.Data.Configurations;

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> builder)
    {
        builder.Property(e => e.To).HasMaxLength(256);
        builder.Property(e => e.Subject).HasMaxLength(300);
        builder.Property(e => e.LastError).HasMaxLength(1000);
        builder.Property(e => e.OrderNumber).HasMaxLength(16);
        builder.HasIndex(e => e.OrderNumber); // a deleted account's order emails are found by it
        builder.Property(e => e.AccountId).HasMaxLength(450); // Identity's key length
        builder.HasIndex(e => e.AccountId); // and its account emails by this

        // The sender's question is always "which queued message is due next?".
        builder.HasIndex(e => new { e.Status, e.NextAttemptAt });
        builder.HasIndex(e => e.SentAt);
    }
}
