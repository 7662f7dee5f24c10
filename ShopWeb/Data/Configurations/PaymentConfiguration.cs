using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ShopWeb.Data.Configurations;

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.Property(p => p.Provider).HasMaxLength(16);
        builder.Property(p => p.SessionId).HasMaxLength(255);
        builder.HasIndex(p => new { p.Provider, p.SessionId }).IsUnique();
        builder.Property(p => p.AttemptKey).HasMaxLength(64);
        builder.HasIndex(p => p.AttemptKey).IsUnique();
        builder.Property(p => p.Url).HasMaxLength(2048);
        builder.Property(p => p.ProviderPaymentId).HasMaxLength(255);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(p => new { p.Status, p.ExpiresAt }); // the reconciler's "still open past its hold"
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.Flag).HasMaxLength(300);
        builder.HasOne<Order>().WithMany(o => o.Payments).HasForeignKey(p => p.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> builder)
    {
        builder.Property(r => r.Currency).HasMaxLength(3);
        builder.Property(r => r.Reason).HasMaxLength(500);
        builder.Property(r => r.IdempotencyKey).HasMaxLength(64);
        builder.HasIndex(r => r.IdempotencyKey).IsUnique();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.ProviderRefundId).HasMaxLength(255);
        builder.Property(r => r.RequestedBy).HasMaxLength(450);
        builder.HasOne<Order>().WithMany(o => o.Refunds).HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Payment>().WithMany().HasForeignKey(r => r.PaymentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PaymentEventConfiguration : IEntityTypeConfiguration<PaymentEvent>
{
    public void Configure(EntityTypeBuilder<PaymentEvent> builder)
    {
        builder.Property(e => e.Provider).HasMaxLength(16);
        builder.Property(e => e.EventId).HasMaxLength(255);
        builder.HasIndex(e => new { e.Provider, e.EventId }).IsUnique();
        builder.Property(e => e.Type).HasMaxLength(100);
        builder.Property(e => e.SessionId).HasMaxLength(255);
        builder.HasIndex(e => e.ReceivedAt);
    }
}

internal sealed class TestPaymentSessionConfiguration : IEntityTypeConfiguration<TestPaymentSession>
{
    public void Configure(EntityTypeBuilder<TestPaymentSession> builder)
    {
        builder.Property(s => s.Id).HasMaxLength(32);
        builder.Property(s => s.OrderNumber).HasMaxLength(16);
        builder.Property(s => s.Currency).HasMaxLength(3);
        builder.Property(s => s.Description).HasMaxLength(4000);
        builder.Property(s => s.SuccessUrl).HasMaxLength(2048);
        builder.Property(s => s.CancelUrl).HasMaxLength(2048);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.PaymentId).HasMaxLength(32);
    }
}

internal sealed class TestPaymentRefundConfiguration : IEntityTypeConfiguration<TestPaymentRefund>
{
    public void Configure(EntityTypeBuilder<TestPaymentRefund> builder)
    {
        builder.Property(r => r.Id).HasMaxLength(32);
        builder.Property(r => r.SessionId).HasMaxLength(32);
        builder.Property(r => r.IdempotencyKey).HasMaxLength(64);
        builder.HasIndex(r => r.IdempotencyKey).IsUnique();
    }
}
