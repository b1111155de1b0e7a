namespace AcrNetwork;

/// <summary>
/// Passes a connection through and keeps the first bytes the peer sent, so a failed handshake can say
/// what it met: an HTTP answer where TLS was expected, or nothing at all.
/// </summary>
internal sealed class PeerRecordingStream(Stream inner) : Stream
{
    private readonly byte[] firstBytes = new byte[8];
    private int recorded;

    /// <summary>The peer answered in plain HTTP ("HTTP/1.1 400 Bad Request" to a TLS ClientHello).</summary>
    public bool PeerSpokeHttp => recorded >= 5 && firstBytes.AsSpan(0, 5).SequenceEqual("HTTP/"u8);

    public bool PeerSentAnything => recorded > 0;

    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => false;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Record(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Record(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Record(ReadOnlySpan<byte> read)
    {
        int take = Math.Min(read.Length, firstBytes.Length - recorded);
        read[..take].CopyTo(firstBytes.AsSpan(recorded));
        recorded += take;
        return read.Length;
    }
}
