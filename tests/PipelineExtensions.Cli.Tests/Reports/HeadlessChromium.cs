using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace PipelineExtensions.Cli.Tests.Reports;

/// <summary>What the browser saw when it opened a page.</summary>
internal sealed record PageCheck(
    JsonNode? Charts, string? Ready, string? ChartsExpected, string? ChartsDrawn, string? PageErrors,
    IReadOnlyList<string> ConsoleErrors, IReadOnlyList<string> RequestedUrls, IReadOnlyList<string> Dialogs);

/// <summary>
/// Opens a local HTML file in Debian's headless Chromium (the flags of the environment notes, a fresh profile) and
/// talks to it over the DevTools protocol on a loopback WebSocket: collects console errors, uncaught exceptions,
/// network requests and dialogs, waits for the page's readiness marker, reads the chart markers and takes a
/// full-page screenshot.
/// </summary>
internal static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    public static async Task<PageCheck> OpenAsync(string htmlPath, string screenshotPath, TimeSpan timeout)
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} is missing: install Debian's chromium package (apt-get install -y chromium); .ci/run does.");
        string profile = Path.Combine(Path.GetTempPath(), $"pipex-chromium-{Guid.NewGuid():N}");
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--remote-debugging-port=0",
            "--remote-allow-origins=*", "--window-size=1280,1000", "about:blank",
        })
            start.ArgumentList.Add(arg);
        using var cts = new CancellationTokenSource(timeout);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            int port = await ReadPortAsync(profile, process, stderr, cts.Token);
            using var http = new HttpClient();
            string? wsUrl = null;
            while (wsUrl is null)
            {
                var list = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list", cts.Token))!.AsArray();
                wsUrl = list.FirstOrDefault(t => t!["type"]!.GetValue<string>() == "page")?["webSocketDebuggerUrl"]?.GetValue<string>();
                if (wsUrl is null)
                    await Task.Delay(100, cts.Token);
            }
            await using var cdp = await CdpSession.ConnectAsync(new Uri(wsUrl), cts.Token);
            await cdp.SendAsync("Runtime.enable", null, cts.Token);
            await cdp.SendAsync("Log.enable", null, cts.Token);
            await cdp.SendAsync("Network.enable", null, cts.Token);
            await cdp.SendAsync("Page.enable", null, cts.Token);
            string url = new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri;
            await cdp.SendAsync("Page.navigate", new JsonObject { ["url"] = url }, cts.Token);
            string? ready = null;
            while (ready != "true")
            {
                await Task.Delay(100, cts.Token);
                ready = await EvaluateString(cdp, "document.body ? (document.body.dataset.reportReady || null) : null", cts.Token);
            }
            var charts = JsonNode.Parse(await EvaluateString(cdp,
                "JSON.stringify(Array.from(document.querySelectorAll('[data-chart]')).map(c => ({ id: c.id, kind: c.dataset.chart, rendered: c.dataset.rendered || null, pixels: Number(c.dataset.paintedPixels || 0) })))",
                cts.Token) ?? "[]");
            string? expected = await EvaluateString(cdp, "document.body.dataset.chartsExpected || null", cts.Token);
            string? drawn = await EvaluateString(cdp, "document.body.dataset.chartsDrawn || null", cts.Token);
            string? pageErrors = await EvaluateString(cdp, "document.body.dataset.errors || null", cts.Token);

            var metrics = await cdp.SendAsync("Page.getLayoutMetrics", null, cts.Token);
            var size = metrics["cssContentSize"] ?? metrics["contentSize"];
            double width = size!["width"]!.GetValue<double>(), height = size["height"]!.GetValue<double>();
            var shot = await cdp.SendAsync("Page.captureScreenshot", new JsonObject
            {
                ["format"] = "png",
                ["captureBeyondViewport"] = true,
                ["clip"] = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = width, ["height"] = height, ["scale"] = 1 },
            }, cts.Token);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(screenshotPath))!);
            await File.WriteAllBytesAsync(screenshotPath, Convert.FromBase64String(shot["data"]!.GetValue<string>()), cts.Token);
            // Let late console messages arrive before reading the event log.
            await Task.Delay(200, cts.Token);
            var (console, requests, dialogs) = cdp.Summarise();
            try
            {
                await cdp.SendAsync("Browser.close", null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is WebSocketException or TimeoutException or OperationCanceledException)
            {
                // The browser may drop the socket while closing; it is killed below anyway.
            }
            return new PageCheck(charts, ready, expected, drawn, pageErrors, console, requests, dialogs);
        }
        catch (OperationCanceledException)
        {
            lock (stderr)
                throw new TimeoutException($"Chromium did not finish checking {htmlPath} within {timeout}. Its stderr:\n{stderr}");
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // A profile file still held by an exiting child; the folder is in /tmp.
            }
        }
    }

    private static async Task<int> ReadPortAsync(string profile, Process process, StringBuilder stderr, CancellationToken token)
    {
        string file = Path.Combine(profile, "DevToolsActivePort");
        while (true)
        {
            if (process.HasExited)
                lock (stderr)
                    throw new InvalidOperationException($"Chromium exited with code {process.ExitCode} before opening DevTools:\n{stderr}");
            if (File.Exists(file))
            {
                var lines = await File.ReadAllLinesAsync(file, token);
                if (lines.Length > 0 && int.TryParse(lines[0], out int port))
                    return port;
            }
            await Task.Delay(50, token);
        }
    }

    private static async Task<string?> EvaluateString(CdpSession cdp, string expression, CancellationToken token)
    {
        var result = await cdp.SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true }, token);
        if (result["exceptionDetails"] is { } error)
            throw new InvalidOperationException($"Evaluating '{expression}' failed: {error.ToJsonString()}");
        var value = result["result"]?["value"];
        return value is null ? null : value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
    }

    /// <summary>A minimal DevTools-protocol client: numbered commands, their replies, and a log of events.</summary>
    private sealed class CdpSession : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket;
        private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
        private readonly ConcurrentQueue<JsonNode> _events = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _receiver;
        private int _nextId;

        private CdpSession(ClientWebSocket socket)
        {
            _socket = socket;
            _receiver = Task.Run(ReceiveAsync);
        }

        public static async Task<CdpSession> ConnectAsync(Uri uri, CancellationToken token)
        {
            var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await socket.ConnectAsync(uri, token);
            return new CdpSession(socket);
        }

        public async Task<JsonNode> SendAsync(string method, JsonObject? parameters, CancellationToken token)
        {
            int id = Interlocked.Increment(ref _nextId);
            var reply = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = reply;
            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, token);
            var response = await reply.Task.WaitAsync(token);
            if (response["error"] is { } error)
                throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
            return response["result"] ?? new JsonObject();
        }

        public (List<string> Console, List<string> Requests, List<string> Dialogs) Summarise()
        {
            var console = new List<string>();
            var requests = new List<string>();
            var dialogs = new List<string>();
            foreach (var e in _events)
            {
                var p = e["params"];
                switch (e["method"]!.GetValue<string>())
                {
                    case "Runtime.consoleAPICalled" when p!["type"]!.GetValue<string>() is "error" or "assert":
                        console.Add("console." + p["type"] + ": " + p["args"]!.ToJsonString());
                        break;
                    case "Runtime.exceptionThrown":
                        console.Add("exception: " + p!["exceptionDetails"]!.ToJsonString());
                        break;
                    case "Log.entryAdded" when p!["entry"]!["level"]!.GetValue<string>() == "error":
                        console.Add("log: " + p["entry"]!["text"] + " " + p["entry"]!["url"]);
                        break;
                    case "Network.requestWillBeSent":
                        requests.Add(p!["request"]!["url"]!.GetValue<string>());
                        break;
                    case "Page.javascriptDialogOpening":
                        dialogs.Add(p!["message"]!.GetValue<string>());
                        break;
                }
            }
            return (console, requests, dialogs);
        }

        private async Task ReceiveAsync()
        {
            var buffer = new byte[1 << 16];
            using var message = new MemoryStream();
            try
            {
                while (_socket.State == WebSocketState.Open)
                {
                    var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                        break;
                    message.Write(buffer, 0, result.Count);
                    if (!result.EndOfMessage)
                        continue;
                    var node = JsonNode.Parse(message.ToArray())!;
                    message.SetLength(0);
                    if (node["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var reply))
                        reply.TrySetResult(node);
                    else if (node["method"] is not null)
                        _events.Enqueue(node);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The browser closed the connection.
            }
            foreach (var pending in _pending.Values)
                pending.TrySetException(new WebSocketException("The DevTools connection closed."));
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            try
            {
                await _receiver.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
            }
            _socket.Dispose();
            _stop.Dispose();
        }
    }
}
