using System.Net;
using System.Net.Sockets;

namespace TestSupport;

/// <summary>
/// A TCP proxy on 127.0.0.1 that a fault test controls: clients connect to <see cref="Port"/> and are
/// forwarded to the target. <see cref="Cut"/> drops every open connection and refuses new ones (like a
/// pulled cable with an active firewall); <see cref="Blackhole"/> keeps connections open but forwards
/// nothing until restored (a silent network: only timeouts notice); <see cref="Restore"/> lets traffic through again.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Client, TcpClient Server)> _pairs = [];
    private readonly Lock _sync = new();
    private readonly Task _acceptLoop;
    private volatile ProxyMode _mode = ProxyMode.Open;

    private enum ProxyMode { Open, Cut, Blackhole }

    public TcpProxy(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>Connections accepted so far (to check that a client really went through the proxy).</summary>
    public int Accepted { get; private set; }

    public void Cut()
    {
        _mode = ProxyMode.Cut;
        DropAll();
    }

    public void Blackhole() => _mode = ProxyMode.Blackhole;

    public void Restore() => _mode = ProxyMode.Open;

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            if (_mode == ProxyMode.Cut)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }
            Accepted++;
            _ = ForwardAsync(client, cancellationToken);
        }
    }

    private async Task ForwardAsync(TcpClient client, CancellationToken cancellationToken)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_target, cancellationToken);
        }
        catch (Exception)
        {
            client.Dispose();
            server.Dispose();
            return;
        }
        lock (_sync)
        {
            _pairs.Add((client, server));
        }
        using var pairStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var up = PumpAsync(client.GetStream(), server.GetStream(), pairStop.Token);
        var down = PumpAsync(server.GetStream(), client.GetStream(), pairStop.Token);
        await Task.WhenAny(up, down);
        await pairStop.CancelAsync();
        client.Dispose();
        server.Dispose();
        lock (_sync)
        {
            _pairs.Remove((client, server));
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return;
                }
                // Blackhole: the bytes are held back (as TCP retransmits them) and the peer waits for an
                // answer; Restore delivers them late, unchanged.
                while (_mode == ProxyMode.Blackhole)
                {
                    await Task.Delay(50, cancellationToken);
                }
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void DropAll()
    {
        lock (_sync)
        {
            foreach (var (client, server) in _pairs)
            {
                // RST, not FIN: the peers see a broken connection at once.
                client.Client.LingerState = new LingerOption(true, 0);
                server.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                server.Dispose();
            }
            _pairs.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropAll();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
