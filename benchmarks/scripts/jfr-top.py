#!/usr/bin/env python3
# Where the CPU goes, from JFR execution samples (jfr is in the JDK).
# usage: jfr-top.py [--after HH:MM:SS] [--focus FRAME] FILE.jfr...
#   --after keeps samples from that wall time on (to skip a load phase); --focus prints the
#   callers and callees of one frame; prints layers (inclusive), top self frames, top frames.
import subprocess, sys, re, collections
selfc=collections.Counter(); incl=collections.Counter(); n=0
layers=[('storage','io.ringstore.core.storage'),('coordinator','io.ringstore.core.coordinator'),('replica','io.ringstore.core.replica'),
        ('wire','io.ringstore.core.wire'),('client','io.ringstore.client'),('node.net','io.ringstore.node.net'),('bench','io.ringstore.node.bench'),
        ('membership','io.ringstore.core.membership'),('kryo','com.esotericsoftware'),('caffeine','com.github.benmanes'),('netty','io.netty'),('hdr','org.HdrHistogram')]
after=None
args=sys.argv[1:]
if args and args[0]=='--after':
    after=args[1]; args=args[2:]
focus=None
if args and args[0]=='--focus':
    focus=args[1]; args=args[2:]
child=collections.Counter(); parent=collections.Counter()
for f in args:
    out=subprocess.run(['jfr','print','--events','jdk.ExecutionSample','--stack-depth','96',f],capture_output=True,text=True).stdout
    for ev in out.split('jdk.ExecutionSample')[1:]:
        frames=re.findall(r'^\s+([\w$.<>]+)\(', ev, re.M)
        if not frames: continue
        if after:
            m=re.search(r'startTime = (\d\d:\d\d:\d\d)', ev)
            if m and m.group(1) < after: continue
        if focus and focus in frames:
            i=frames.index(focus)
            child[frames[i-1] if i>0 else '(self)']+=1
            parent[frames[i+1] if i+1<len(frames) else '(top)']+=1
        n+=1
        selfc[frames[0]]+=1
        seen=set()
        for fr in frames:
            for name,pre in layers:
                if fr.startswith(pre) and name not in seen:
                    seen.add(name); incl[name]+=1
            m=fr
            if m not in seen:
                seen.add(m); incl['F '+m]+=1
print('samples',n)
print('-- layers (inclusive)')
for k,v in incl.most_common():
    if not k.startswith('F '): print(f'{100*v/n:5.1f}% {k}')
print('-- top self')
for k,v in selfc.most_common(30): print(f'{100*v/n:5.1f}% {k}')
print('-- top inclusive frames')
for k,v in [x for x in incl.most_common() if x[0].startswith('F ')][:45]: print(f'{100*v/n:5.1f}% {k[2:]}')

if focus:
    print('-- children of',focus)
    for k,v in child.most_common(25): print(f'{100*v/n:5.1f}% {k}')
if focus:
    print('-- parents of',focus)
    for k,v in parent.most_common(15): print(f'{100*v/n:5.1f}% {k}')
