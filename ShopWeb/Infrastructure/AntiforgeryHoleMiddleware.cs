using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace ShopWeb.Infrastructure;

/// <summary>
/// Outside the output cache: fills the antiforgery holes (<see cref="AntiforgeryHole"/>) of a marked response, fresh or
/// from the cache, with this visitor's own token (<see cref="AntiforgeryHoleTokens"/>), and stores their antiforgery cookie (with no-store headers: the
/// page now carries a personal token). The cached entry never holds a token or a cookie, since both are added here,
/// after the cache has kept the page. A marked page is held back whole (pages are small) so that nothing inside can
/// send its headers early; any other response passes straight through.
/// </summary>
internal sealed class AntiforgeryHoleMiddleware(RequestDelegate next, AntiforgeryHole hole, AntiforgeryHoleTokens tokens)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var sent = context.Features.Get<IHttpResponseBodyFeature>()!;
        var body = new HoldingBody(context.Response, sent);
        context.Features.Set<IHttpResponseBodyFeature>(body);
        try
        {
            await next(context);
            await body.FlushWriterAsync();
        }
        finally
        {
            context.Features.Set(sent);
        }

        if (body.Held is { } held)
        {
            await SendFilledAsync(context, held, sent);
        }
    }

    private async Task SendFilledAsync(HttpContext context, MemoryStream held, IHttpResponseBodyFeature sent)
    {
        var response = context.Response;
        response.Headers.Remove(AntiforgeryHole.MarkHeader);
        var token = Encoding.ASCII.GetBytes(tokens.RequestTokenFor(context));
        var placeholder = hole.PlaceholderBytes;
        if (token.Length != placeholder.Length)
        {
            throw new InvalidOperationException($"An anonymous antiforgery token of {token.Length} characters cannot fill a hole of {placeholder.Length}.");
        }

        var page = held.GetBuffer().AsMemory(0, (int)held.Length);
        var encoding = response.Headers.ContentEncoding.ToString();
        if (encoding.Length == 0)
        {
            for (int start = 0, found; (found = page.Span[start..].IndexOf(placeholder)) >= 0; start += found + token.Length)
            {
                token.CopyTo(page.Span[(start + found)..]);
            }
        }
        else if (page.Length > 0 && !(encoding == "gzip" && SpliceableGzip.Fill(page.Span, placeholder, token)))
        {
            throw new InvalidOperationException($"A page with an antiforgery hole was sent as {encoding}, which cannot be filled.");
        }

        if (page.Length > 0) // a HEAD answered with no body keeps the length the page would have
        {
            response.ContentLength = page.Length;
        }

        await sent.Writer.WriteAsync(page, context.RequestAborted);
    }

    /// <summary>
    /// The response body: decides at its first use (headers set by then) whether the response is marked; a marked
    /// one is held, start and flushes included, and any other goes to the server's body as it comes.
    /// </summary>
    private sealed class HoldingBody(HttpResponse response, IHttpResponseBodyFeature sent) : Stream, IHttpResponseBodyFeature
    {
        private bool decided;
        private PipeWriter? writer;

        public MemoryStream? Held { get; private set; }

        private bool Holding
        {
            get
            {
                if (!decided)
                {
                    decided = true;
                    Held = response.Headers.ContainsKey(AntiforgeryHole.MarkHeader) ? new MemoryStream() : null;
                }

                return Held is not null;
            }
        }

        Stream IHttpResponseBodyFeature.Stream => this;

        PipeWriter IHttpResponseBodyFeature.Writer => writer ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

        public async Task FlushWriterAsync()
        {
            if (writer is not null)
            {
                await writer.FlushAsync();
            }
        }

        public void DisableBuffering() => sent.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default) => Holding ? Task.CompletedTask : sent.StartAsync(cancellationToken);

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            Holding ? SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken) : sent.SendFileAsync(path, offset, count, cancellationToken);

        public async Task CompleteAsync()
        {
            await FlushWriterAsync();
            if (!Holding)
            {
                await sent.CompleteAsync();
            }
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Holding)
            {
                Held!.Write(buffer);
            }
            else
            {
                sent.Stream.Write(buffer);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Holding)
            {
                Held!.Write(buffer.Span);
                return ValueTask.CompletedTask;
            }

            return sent.Stream.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush()
        {
            if (!Holding)
            {
                sent.Stream.Flush();
            }
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Holding ? Task.CompletedTask : sent.Stream.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
