/* tc-redirect.bpf.c: the "tc-redirect" reference of dp-bench.sh, a tc
 * classifier (clsact ingress, direct action) that sends every frame it
 * sees out of one fixed port, OUT_IFINDEX (given with -D when dp-bench
 * compiles it: clang -O2 -target bpf).  Two of them join the switch
 * namespace's two veth ends: a wire, the least work a forwarder in the
 * kernel can do per frame (no lookup, no learning, no copy), so its
 * figures are a ceiling for any switch on the same topology, not a
 * switch to compare features with. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>

#ifndef OUT_IFINDEX
#error "compile with -DOUT_IFINDEX=N"
#endif

/* The kernel's helper number 23 (include/uapi/linux/bpf.h). */
static long (*bpf_redirect)(__u32 ifindex, __u64 flags) = (void *) 23;

__attribute__((section("tc"), used)) int
tc_redirect(struct __sk_buff *skb)
{
    (void) skb;
    return bpf_redirect(OUT_IFINDEX, 0);
}

char bpf_license[] __attribute__((section("license"), used)) = "GPL";
