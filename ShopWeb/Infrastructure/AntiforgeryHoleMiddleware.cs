using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace ShopWeb.Infrastructure;

/// <summary>
/// Outside the output cache: fills the antiforgery holes (<see cref="AntiforgeryHole"/>) of a marked response, fresh or
/// from the cache, with this visitor's own token (<see cref="AntiforgeryHoleTokens"/>), and stores their antiforgery
/// cookie (with no-store headers: the page now carries a personal token). The cached entry never holds a token or a
/// cookie, since both are added here, after the cache has kept the page: a fresh page is held whole until the cache has
/// looked at its headers once more (it keeps no page that sets a cookie), which happens once per entry. A page served
/// from the cache (it has an <c>Age</c>) gets its token and cookie before anything is sent and goes out as it comes,
/// filled on the way (<see cref="AntiforgeryHoleFiller"/>): a 2,048-variant page is never copied whole. Whether a response
/// is marked is looked at at its body's first use, when its headers are final; any other passes straight through.
/// </summary>
internal sealed class AntiforgeryHoleMiddleware(RequestDelegate next, AntiforgeryHole hole, AntiforgeryHoleTokens tokens)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var sent = context.Features.Get<IHttpResponseBodyFeature>()!;
        var body = new FillingBody(context, sent, hole, tokens);
        context.Features.Set<IHttpResponseBodyFeature>(body);
        try
        {
            await next(context);
            await body.FinishAsync();
        }
        finally
        {
            context.Features.Set(sent);
        }
    }

    /// <summary>The response body: at its first use, fills a marked response on its way to the server's body, and hands
    /// any other to it as it is.</summary>
    private sealed class FillingBody(HttpContext context, IHttpResponseBodyFeature sent, AntiforgeryHole hole, AntiforgeryHoleTokens tokens)
        : Stream, IHttpResponseBodyFeature
    {
        // Written bytes are sent on once this many wait, so a large page goes out while it is still being written.
        private const int FlushEvery = 64 * 1024;

        private bool? marked;
        private bool started;
        private bool finished;
        private MemoryStream? held; // a fresh page, until the output cache is done with it
        private AntiforgeryHoleFiller? filler;
        private PipeWriter? writer;

        /// <summary>Whether the response has a hole, looked at once, at the body's first use (its headers set by then).</summary>
        private bool Marked
        {
            get
            {
                if (marked is null)
                {
                    var headers = context.Response.Headers;
                    marked = headers.ContainsKey(AntiforgeryHole.MarkHeader);
                    held = marked.Value && !headers.ContainsKey(HeaderNames.Age) ? new MemoryStream() : null;
                }

                return marked.Value;
            }
        }

        // Sets the visitor's cookie: for a page from the cache at its first bytes, for a fresh one once the cache is done.
        private AntiforgeryHoleFiller Filler
        {
            get
            {
                if (filler is null)
                {
                    var response = context.Response;
                    var holes = AntiforgeryHole.HolesIn(response.Headers);
                    response.Headers.Remove(AntiforgeryHole.MarkHeader);
                    var filling = hole.Filling(tokens.RequestTokenFor(context));
                    filler = AntiforgeryHoleFiller.For(response.Headers.ContentEncoding.ToString(), sent.Writer, hole.HoleBytes, filling, holes);
                }

                return filler;
            }
        }

        Stream IHttpResponseBodyFeature.Stream => this;

        PipeWriter IHttpResponseBodyFeature.Writer => writer ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

        /// <summary>Sends the rest of a marked page (and gives one that wrote nothing, such as a HEAD, its cookie).</summary>
        public async Task FinishAsync()
        {
            if (writer is not null)
            {
                await writer.FlushAsync();
            }

            if (!finished && Marked)
            {
                finished = true;
                if (held is { Length: > 0 }) // a HEAD answered with no body keeps the length the page would have
                {
                    context.Response.ContentLength = held.Length;
                    await SendAsync(held.GetBuffer().AsMemory(0, (int)held.Length), context.RequestAborted);
                }

                Filler.Complete();
                await sent.Writer.FlushAsync(context.RequestAborted);
            }
        }

        public void DisableBuffering() => sent.DisableBuffering();

        // A marked page starts with its first bytes, once its cookie is set.
        public Task StartAsync(CancellationToken cancellationToken = default) => Marked ? Task.CompletedTask : sent.StartAsync(cancellationToken);

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            Marked ? SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken) : sent.SendFileAsync(path, offset, count, cancellationToken);

        public async Task CompleteAsync()
        {
            await FinishAsync();
            await sent.CompleteAsync();
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (!Marked)
            {
                sent.Stream.Write(buffer);
            }
            else if (held is not null)
            {
                held.Write(buffer);
            }
            else
            {
                Filler.Write(buffer);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!Marked)
            {
                return sent.Stream.WriteAsync(buffer, cancellationToken);
            }

            if (held is not null)
            {
                held.Write(buffer.Span); // nothing may reach the server before the cookie
                return ValueTask.CompletedTask;
            }

            return SendAsync(buffer, cancellationToken);
        }

        /// <summary>
        /// Sends part of a marked page, filled, once its cookie is set. The headers go first, so the page's bytes are
        /// copied once, into the server's own buffer: bytes written before the headers would be kept aside and copied
        /// again behind them. A large write goes in pieces, each sent on before the next, so the server never holds
        /// more than a piece of a 2,048-variant page.
        /// </summary>
        private async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
        {
            var pageFiller = Filler; // made first: it sets the visitor's cookie, which must go with the headers
            if (!started)
            {
                started = true;
                await sent.StartAsync(cancellationToken);
            }

            var output = sent.Writer;
            while (!buffer.IsEmpty)
            {
                var piece = buffer[..Math.Min(buffer.Length, FlushEvery)];
                pageFiller.Write(piece.Span);
                buffer = buffer[piece.Length..];
                if (!output.CanGetUnflushedBytes || output.UnflushedBytes >= FlushEvery)
                {
                    await output.FlushAsync(cancellationToken);
                }
            }
        }

        public override void Flush()
        {
            if (!Marked)
            {
                sent.Stream.Flush();
            }
        }

        public override Task FlushAsync(CancellationToken cancellationToken) =>
            !Marked ? sent.Stream.FlushAsync(cancellationToken) : filler is null || held is not null ? Task.CompletedTask : Flushed(sent.Writer.FlushAsync(cancellationToken)).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        private static async ValueTask Flushed(ValueTask<FlushResult> flush) => await flush;
    }
}
