<#
.SYNOPSIS
Delays every packet its network namespace sends by a fixed time, for kernels without tc netem.

.DESCRIPTION
Binds netfilter queue -QueueNumber (fed by an iptables NFQUEUE rule) over a raw netlink socket and
accepts each queued packet -DelayMs after it arrived, in arrival order: what netem's fixed delay does on
an egress link. Prints 'ready' once bound, then runs until it is stopped. Run it inside the namespace
whose traffic to delay (ip netns exec), as root.
#>
[CmdletBinding()]
param(
    [ValidateRange(0, 65535)] [int] $QueueNumber = 0,
    [ValidateRange(1, 10000)] [int] $DelayMs = 50
)

$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition @'
using System;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;

public static class NetfilterQueueDelay
{
    // linux/netlink.h, linux/netfilter/nfnetlink.h, linux/netfilter/nfnetlink_queue.h
    private const int AF_NETLINK = 16, SOCK_RAW = 3, NETLINK_NETFILTER = 12;
    private const ushort NLM_F_REQUEST = 1, NLM_F_ACK = 4, NLMSG_ERROR = 2;
    private const ushort QueuePacket = (3 << 8) | 0, QueueVerdict = (3 << 8) | 1, QueueConfig = (3 << 8) | 2;
    private const ushort CfgCmd = 1, CfgParams = 2, PacketHeader = 1, VerdictHeader = 2;
    private const byte CmdBind = 1, CopyMeta = 1;
    private const uint Accept = 1;

    [DllImport("libc", SetLastError = true)] private static extern int socket(int domain, int type, int protocol);
    [DllImport("libc", SetLastError = true)] private static extern int bind(int fd, byte[] address, int length);
    [DllImport("libc", SetLastError = true)] private static extern nint send(int fd, byte[] buffer, nint length, int flags);
    [DllImport("libc", SetLastError = true)] private static extern nint recv(int fd, byte[] buffer, nint length, int flags);

    public static void Run(int queue, int delayMs)
    {
        int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER);
        Check(fd, "socket");
        Check(bind(fd, new byte[12] { (byte)AF_NETLINK, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 12), "bind");
        Configure(fd, queue, CfgCmd, new byte[] { CmdBind, 0, 0, 0 });
        Configure(fd, queue, CfgParams, new byte[] { 0, 0, 0, 0, CopyMeta });

        // Packets wait here, in arrival order, until their delay is over.
        var waiting = new BlockingCollection<(long Due, uint Id)>();
        var releaser = new Thread(() =>
        {
            foreach (var (due, id) in waiting.GetConsumingEnumerable())
            {
                long wait = due - Stopwatch.GetTimestamp();
                if (wait > 0) Thread.Sleep(TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
                Send(fd, Message(QueueVerdict, NLM_F_REQUEST, queue, VerdictHeader, Verdict(id)));
            }
        }) { IsBackground = true };
        releaser.Start();
        Console.WriteLine("ready");

        long delay = delayMs * Stopwatch.Frequency / 1000;
        byte[] buffer = new byte[65536];
        while (true)
        {
            int length = (int)recv(fd, buffer, buffer.Length, 0);
            Check(length, "recv");
            for (int offset = 0; offset + 16 <= length;)
            {
                int messageLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(offset));
                ushort type = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(offset + 4));
                if (messageLength < 16) break;
                if (type == QueuePacket && FindAttribute(buffer, offset + 20, offset + messageLength, PacketHeader) is int header)
                {
                    waiting.Add((Stopwatch.GetTimestamp() + delay, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(header))));
                }
                offset += (messageLength + 3) & ~3;
            }
        }
    }

    private static void Configure(int fd, int queue, ushort attribute, byte[] payload)
    {
        Send(fd, Message(QueueConfig, (ushort)(NLM_F_REQUEST | NLM_F_ACK), queue, attribute, payload));
        byte[] reply = new byte[4096];
        int length = (int)recv(fd, reply, reply.Length, 0);
        Check(length, "recv");
        if (BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(4)) == NLMSG_ERROR && BinaryPrimitives.ReadInt32LittleEndian(reply.AsSpan(16)) is int error && error != 0)
        {
            throw new Win32Exception(-error, "Configuring netfilter queue " + queue + " failed");
        }
    }

    private static byte[] Verdict(uint id)
    {
        byte[] verdict = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(verdict, Accept);
        BinaryPrimitives.WriteUInt32BigEndian(verdict.AsSpan(4), id);
        return verdict;
    }

    private static byte[] Message(ushort type, ushort flags, int queue, ushort attribute, byte[] payload)
    {
        int attributeLength = 4 + payload.Length;
        int length = 16 + 4 + ((attributeLength + 3) & ~3);
        byte[] message = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(18), (ushort)queue);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(20), (ushort)attributeLength);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(22), attribute);
        payload.CopyTo(message, 24);
        return message;
    }

    private static int? FindAttribute(byte[] buffer, int start, int end, ushort wanted)
    {
        for (int offset = start; offset + 4 <= end;)
        {
            int length = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(offset));
            if (length < 4) return null;
            if ((BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(offset + 2)) & 0x7fff) == wanted) return offset + 4;
            offset += (length + 3) & ~3;
        }
        return null;
    }

    private static void Send(int fd, byte[] message) => Check((int)send(fd, message, message.Length, 0), "send");

    private static void Check(int result, string call)
    {
        if (result < 0) throw new Win32Exception(Marshal.GetLastWin32Error(), call + " on the netfilter queue socket failed");
    }
}
'@

[NetfilterQueueDelay]::Run($QueueNumber, $DelayMs)
