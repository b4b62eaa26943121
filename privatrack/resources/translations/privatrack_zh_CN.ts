<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddMerchantDialog</name>
    <message>
        <source>Add or extend a merchant</source>
        <translation>添加或补充商家</translation>
    </message>
    <message>
        <source>other names, in any language, comma separated</source>
        <translation>其他名称（任意语言），用逗号分隔</translation>
    </message>
    <message>
        <source>e.g. jd.com, jd.hk</source>
        <translation>例如 jd.com, jd.hk</translation>
    </message>
    <message>
        <source>SMS sender numbers and short codes, e.g. 95118</source>
        <translation>短信发送号码和短号码，例如 95118</translation>
    </message>
    <message>
        <source>SMS signatures, e.g. 【京东】</source>
        <translation>短信签名，例如【京东】</translation>
    </message>
    <message>
        <source>exact addresses it mails from, e.g. shop88@qq.com</source>
        <translation>其发信的完整邮箱地址，例如 shop88@qq.com</translation>
    </message>
    <message>
        <source>(unknown / keep)</source>
        <translation>（未知 / 保持不变）</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Aliases:</source>
        <translation>别名：</translation>
    </message>
    <message>
        <source>Domains:</source>
        <translation>域名：</translation>
    </message>
    <message>
        <source>SMS senders:</source>
        <translation>短信发送方：</translation>
    </message>
    <message>
        <source>Signatures:</source>
        <translation>短信签名：</translation>
    </message>
    <message>
        <source>E-mail senders:</source>
        <translation>发件邮箱：</translation>
    </message>
    <message>
        <source>Jurisdiction:</source>
        <translation>适用法域：</translation>
    </message>
    <message>
        <source>Privacy contact e-mail:</source>
        <translation>隐私联系邮箱：</translation>
    </message>
    <message>
        <source>Privacy contact address:</source>
        <translation>隐私联系地址：</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <source>Change passphrase</source>
        <translation>修改口令</translation>
    </message>
    <message>
        <source>Only the wrapping of the vault key changes; your records are not rewritten. The keyring (if used) keeps working.</source>
        <translation>只改变保险库密钥的封装方式，您的记录不会被重写。系统密钥环（如已使用）仍然有效。</translation>
    </message>
    <message>
        <source>Current passphrase:</source>
        <translation>当前口令：</translation>
    </message>
    <message>
        <source>New passphrase:</source>
        <translation>新口令：</translation>
    </message>
    <message>
        <source>Repeat it:</source>
        <translation>再输入一次：</translation>
    </message>
    <message>
        <source>Use at least 8 characters; a few unrelated words are easy to remember.</source>
        <translation>请至少使用 8 个字符；几个互不相关的词语组合起来既安全又好记。</translation>
    </message>
    <message>
        <source>The two passphrases differ. Type the same one twice.</source>
        <translation>两次输入的口令不一致，请输入相同的口令。</translation>
    </message>
    <message>
        <source>The current passphrase is wrong. Nothing was changed.</source>
        <translation>当前口令错误，没有做任何改动。</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <source>Record a consent event for %1</source>
        <translation>为 %1 记录同意事件</translation>
    </message>
    <message>
        <source>(all my details on this channel)</source>
        <translation>（我在此渠道上的所有信息）</translation>
    </message>
    <message>
        <source>e.g. &quot;replied TD on 2024-03-01&quot;, screenshot of the form</source>
        <translation>例如“2024-03-01 回复了 TD”、表单截图</translation>
    </message>
    <message>
        <source>Merchant: %1</source>
        <translation>商家：%1</translation>
    </message>
    <message>
        <source>What happened:</source>
        <translation>发生了什么：</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>渠道：</translation>
    </message>
    <message>
        <source>How it was given:</source>
        <translation>同意方式：</translation>
    </message>
    <message>
        <source>For detail:</source>
        <translation>针对的信息：</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>Evidence:</source>
        <translation>证据：</translation>
    </message>
</context>
<context>
    <name>DataMapPage</name>
    <message>
        <source>Data map</source>
        <translation>数据地图</translation>
    </message>
    <message>
        <source>Which merchants received a detail, directly or through one of its plus-aliases.</source>
        <translation>哪些商家得到了某项信息（直接得到，或通过其“+”别名地址得到）。</translation>
    </message>
    <message>
        <source>Detail:</source>
        <translation>信息：</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>商家</translation>
    </message>
    <message>
        <source>Given as</source>
        <translation>提供形式</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>No details recorded yet.</source>
        <translation>尚未记录任何个人信息。</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message numerus="yes">
        <source>%n merchant(s) received this detail.</source>
        <translation>
            <numerusform>共有 %n 个商家得到了这项信息。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DisclosureDialog</name>
    <message>
        <source>Record what %1 holds</source>
        <translation>记录 %1 持有的信息</translation>
    </message>
    <message>
        <source>date unknown</source>
        <translation>日期未知</translation>
    </message>
    <message>
        <source>registration</source>
        <translation>注册</translation>
    </message>
    <message>
        <source>order</source>
        <translation>下单</translation>
    </message>
    <message>
        <source>loyalty card</source>
        <translation>会员卡</translation>
    </message>
    <message>
        <source>group-buying deal</source>
        <translation>团购</translation>
    </message>
    <message>
        <source>delivery</source>
        <translation>配送</translation>
    </message>
    <message>
        <source>order number, screenshot file, note...</source>
        <translation>订单号、截图文件、备注……</translation>
    </message>
    <message>
        <source>Merchant: %1</source>
        <translation>商家：%1</translation>
    </message>
    <message>
        <source>Detail given:</source>
        <translation>提供的信息：</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>Context:</source>
        <translation>场景：</translation>
    </message>
    <message>
        <source>Evidence:</source>
        <translation>证据：</translation>
    </message>
    <message>
        <source>Add a detail on the People &amp; details page first.</source>
        <translation>请先在“家庭成员与个人信息”页面添加一项信息。</translation>
    </message>
    <message>
        <source>Choose the detail that was given.</source>
        <translation>请选择提供出去的信息。</translation>
    </message>
</context>
<context>
    <name>ErrorBox</name>
    <message>
        <source>The vault could not be read (%1). It may be damaged or changed outside PrivaTrack; nothing from the failed read is shown. Check it with &apos;privatrack check&apos; and restore a backup if needed.</source>
        <translation>无法读取保险库（%1）。它可能已损坏，或在 PrivaTrack 之外被改动；读取失败的内容不会显示。请用 &apos;privatrack check&apos; 检查，必要时从备份恢复。</translation>
    </message>
    <message>
        <source>PrivaTrack</source>
        <translation>PrivaTrack 隐私追踪</translation>
    </message>
    <message>
        <source>Something went wrong inside PrivaTrack. Your data was not changed by the failed step.

Please report this, with the details below.</source>
        <translation>PrivaTrack 内部出现了问题。失败的这一步没有改动您的数据。

请将此问题连同下方的详细信息一起报告给我们。</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Drop mail files (mbox, Maildir folders, .eml) and SMS backups (SMS Backup &amp; Restore XML, CSV, iPhone chat.db) here. Importing the same files again adds nothing twice.</source>
        <translation>将邮件文件（mbox、Maildir 文件夹、.eml）和短信备份（SMS Backup &amp; Restore 的 XML、CSV、iPhone 的 chat.db）拖放到这里。重复导入同样的文件不会产生重复记录。</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>添加文件……</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹……</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>SMS were sent to:</source>
        <translation>短信的接收号码：</translation>
    </message>
    <message>
        <source>Classify messages while importing</source>
        <translation>导入时对消息进行分类</translation>
    </message>
    <message>
        <source>Files and backups</source>
        <translation>文件和备份</translation>
    </message>
    <message>
        <source>Import files</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <source>E-mail account (IMAP)</source>
        <translation>电子邮箱账户（IMAP）</translation>
    </message>
    <message>
        <source>Saved account:</source>
        <translation>已保存的账户：</translation>
    </message>
    <message>
        <source>e.g. imap.163.com or imap.gmail.com</source>
        <translation>例如 imap.163.com 或 imap.qq.com</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>usually your e-mail address</source>
        <translation>通常是您的邮箱地址</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>TLS (recommended)</source>
        <translation>TLS（推荐）</translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <source>None (only to this computer)</source>
        <translation>不加密（仅限本机）</translation>
    </message>
    <message>
        <source>Security:</source>
        <translation>安全：</translation>
    </message>
    <message>
        <source>default: INBOX, junk and promotions</source>
        <translation>默认：收件箱、垃圾邮件和推广邮件</translation>
    </message>
    <message>
        <source>Folders:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>or authorisation code; empty = the one in the keyring</source>
        <translation>或授权码；留空则使用密钥环中保存的</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Remember the password in my system keyring</source>
        <translation>将密码保存到我的系统密钥环</translation>
    </message>
    <message>
        <source>Import new mail</source>
        <translation>导入新邮件</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>条目</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>(not an SMS backup, or not known)</source>
        <translation>（不是短信备份，或未知）</translation>
    </message>
    <message>
        <source>(new account)</source>
        <translation>（新账户）</translation>
    </message>
    <message>
        <source>Choose mail files or SMS backups</source>
        <translation>选择邮件文件或短信备份</translation>
    </message>
    <message>
        <source>Choose a Maildir or a folder of .eml files</source>
        <translation>选择 Maildir 或包含 .eml 文件的文件夹</translation>
    </message>
    <message>
        <source>Add at least one file or folder first.</source>
        <translation>请先添加至少一个文件或文件夹。</translation>
    </message>
    <message>
        <source>Not found: %1</source>
        <translation>找不到：%1</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入……</translation>
    </message>
    <message>
        <source>Importing messages</source>
        <translation>正在导入消息</translation>
    </message>
    <message>
        <source>Importing mail from %1</source>
        <translation>正在从 %1 导入邮件</translation>
    </message>
    <message>
        <source>Imported %1, already present %2, rejected %3.</source>
        <translation>已导入 %1 条，已存在 %2 条，被拒绝 %3 条。</translation>
    </message>
    <message>
        <source>Cancelled: what was imported before the cancel is kept; run it again to finish.</source>
        <translation>已取消：取消前已导入的内容会保留；再次运行即可完成剩余部分。</translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s).</source>
        <translation>
            <numerusform>%n 条警告。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Phone number</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <source>E-mail address</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <source>Postal address</source>
        <translation>邮寄地址</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Phone calls</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>邮寄</translation>
    </message>
    <message>
        <source>Any channel</source>
        <translation>所有渠道</translation>
    </message>
    <message>
        <source>Granted</source>
        <translation>已同意</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Explicit (I actively agreed)</source>
        <translation>明示同意（我主动同意）</translation>
    </message>
    <message>
        <source>By default (pre-ticked box, &quot;by registering you agree&quot;)</source>
        <translation>默认同意（预先勾选、“注册即视为同意”）</translation>
    </message>
    <message>
        <source>explicit</source>
        <translation>明示</translation>
    </message>
    <message>
        <source>by default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Consent given</source>
        <translation>已同意</translation>
    </message>
    <message>
        <source>Only a default opt-in (not valid consent under PIPL art. 14 / GDPR)</source>
        <translation>仅为默认勾选（依《个人信息保护法》第十四条 / GDPR 不构成有效同意）</translation>
    </message>
    <message>
        <source>Consent withdrawn</source>
        <translation>已撤回同意</translation>
    </message>
    <message>
        <source>Consent refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>No consent recorded</source>
        <translation>未记录同意</translation>
    </message>
    <message>
        <source>China (PIPL)</source>
        <translation>中国（个人信息保护法）</translation>
    </message>
    <message>
        <source>European Union (GDPR)</source>
        <translation>欧盟（GDPR）</translation>
    </message>
    <message>
        <source>United Kingdom (UK GDPR)</source>
        <translation>英国（UK GDPR）</translation>
    </message>
    <message>
        <source>United States</source>
        <translation>美国</translation>
    </message>
    <message>
        <source>California (CCPA)</source>
        <translation>美国加州（CCPA）</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>营销</translation>
    </message>
    <message>
        <source>Transactional</source>
        <translation>交易通知</translation>
    </message>
    <message>
        <source>Personal</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Fraud</source>
        <translation>诈骗</translation>
    </message>
</context>
<context>
    <name>LockedPage</name>
    <message>
        <source>PrivaTrack is locked</source>
        <translation>PrivaTrack 已锁定</translation>
    </message>
    <message>
        <source>The vault was closed and its key dropped from memory.</source>
        <translation>保险库已关闭，其密钥已从内存中清除。</translation>
    </message>
    <message>
        <source>Unlock…</source>
        <translation>解锁……</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>PrivaTrack</source>
        <translation>PrivaTrack 隐私追踪</translation>
    </message>
    <message>
        <source>Possible violations: marketing without valid consent, after a withdrawal, or to a detail the sender never received.</source>
        <translation>可能的违规：未经有效同意、撤回同意后仍发送营销信息，或发送到对方从未获得的信息上。</translation>
    </message>
    <message>
        <source>Ready-to-send requests and complaints under PIPL, the GDPR and the CCPA.</source>
        <translation>依据《个人信息保护法》、GDPR 和 CCPA 生成可直接发送的请求函和投诉函。</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Lock now</source>
        <translation>立即锁定(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Vault</source>
        <translation>保险库(&amp;V)</translation>
    </message>
    <message>
        <source>V&amp;iew</source>
        <translation>视图(&amp;I)</translation>
    </message>
    <message>
        <source>People &amp; details</source>
        <translation>家庭成员与个人信息</translation>
    </message>
    <message>
        <source>Merchants</source>
        <translation>商家</translation>
    </message>
    <message>
        <source>Data map</source>
        <translation>数据地图</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Unknown senders</source>
        <translation>未知发送方</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>违规标记</translation>
    </message>
    <message>
        <source>Letters</source>
        <translation>函件</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>MerchantsPage</name>
    <message>
        <source>Merchants</source>
        <translation>商家</translation>
    </message>
    <message>
        <source>Filter by name, alias, domain or signature</source>
        <translation>按名称、别名、域名或签名筛选</translation>
    </message>
    <message>
        <source>Add merchant…</source>
        <translation>添加商家……</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Also known as:</source>
        <translation>又名：</translation>
    </message>
    <message>
        <source>Domains:</source>
        <translation>域名：</translation>
    </message>
    <message>
        <source>SMS senders:</source>
        <translation>短信发送方：</translation>
    </message>
    <message>
        <source>Signatures:</source>
        <translation>短信签名：</translation>
    </message>
    <message>
        <source>E-mail senders:</source>
        <translation>发件邮箱：</translation>
    </message>
    <message>
        <source>Jurisdiction:</source>
        <translation>适用法域：</translation>
    </message>
    <message>
        <source>Privacy contact:</source>
        <translation>隐私联系人：</translation>
    </message>
    <message>
        <source>Postal address:</source>
        <translation>邮寄地址：</translation>
    </message>
    <message>
        <source>Consent now</source>
        <translation>当前同意状态</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>What they hold</source>
        <translation>对方持有的信息</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>Consent timeline</source>
        <translation>同意记录时间线</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Record a detail they hold…</source>
        <translation>记录对方持有的信息……</translation>
    </message>
    <message>
        <source>Record a consent event…</source>
        <translation>记录同意事件……</translation>
    </message>
    <message>
        <source>From the built-in directory</source>
        <translation>来自内置商家目录</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>共 %n 条消息</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a merchant</source>
        <translation>请选择一个商家</translation>
    </message>
    <message>
        <source>built-in directory</source>
        <translation>内置目录</translation>
    </message>
    <message>
        <source>your record</source>
        <translation>您的记录</translation>
    </message>
    <message>
        <source>all details</source>
        <translation>所有信息</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>MessagesPage</name>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Search subject, text and sender</source>
        <translation>搜索主题、正文和发送方</translation>
    </message>
    <message>
        <source>Finds the messages that hold every word, or its start; &quot;quote&quot; a phrase.</source>
        <translation>查找包含每个词（或词的开头）的消息；用&quot;引号&quot;搜索整个短语。</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>所有渠道</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>所有类别</translation>
    </message>
    <message>
        <source>Not classified yet</source>
        <translation>尚未分类</translation>
    </message>
    <message>
        <source>from YYYY-MM-DD</source>
        <translation>起始 YYYY-MM-DD</translation>
    </message>
    <message>
        <source>to YYYY-MM-DD</source>
        <translation>截止 YYYY-MM-DD</translation>
    </message>
    <message>
        <source>Reclassify them</source>
        <translation>重新分类这些消息</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>发件人：</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>收件人：</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>Merchant:</source>
        <translation>商家：</translation>
    </message>
    <message>
        <source>Correct:</source>
        <translation>更正：</translation>
    </message>
    <message>
        <source>(keep category)</source>
        <translation>（类别不变）</translation>
    </message>
    <message>
        <source>merchant (keep)</source>
        <translation>商家（不变）</translation>
    </message>
    <message>
        <source>Apply correction</source>
        <translation>应用更正</translation>
    </message>
    <message>
        <source>Load images for this message</source>
        <translation>加载此消息中的图片</translation>
    </message>
    <message>
        <source>The sender may learn that you opened the message.</source>
        <translation>发送方可能会因此得知您打开了这条消息。</translation>
    </message>
    <message>
        <source>All merchants</source>
        <translation>所有商家</translation>
    </message>
    <message>
        <source>Unknown sender</source>
        <translation>未知发送方</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) were classified by an older version of the classifier; newer rules may judge them differently.</source>
        <translation>
            <numerusform>%n 条消息由旧版分类器判定；新规则可能给出不同结果。</numerusform>
        </translation>
    </message>
    <message>
        <source>Reclassifying messages</source>
        <translation>正在重新分类消息</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索……</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>共 %n 条消息</numerusform>
        </translation>
    </message>
    <message>
        <source>not classified yet</source>
        <translation>尚未分类</translation>
    </message>
    <message>
        <source>; </source>
        <comment>between two reasons</comment>
        <translation>；</translation>
    </message>
    <message>
        <source>unknown sender</source>
        <translation>未知发送方</translation>
    </message>
    <message numerus="yes">
        <source>%n remote image(s) blocked.</source>
        <translation>
            <numerusform>已阻止 %n 张远程图片。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) loaded for this message.</source>
        <translation>
            <numerusform>已为此消息加载 %n 张图片。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessagesTableModel</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>From</source>
        <translation>发件人</translation>
    </message>
    <message>
        <source>To</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>Subject / text</source>
        <translation>主题 / 内容</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>商家</translation>
    </message>
</context>
<context>
    <name>Op</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消……</translation>
    </message>
</context>
<context>
    <name>PeoplePage</name>
    <message>
        <source>People &amp; details</source>
        <translation>家庭成员与个人信息</translation>
    </message>
    <message>
        <source>Everyone in the household and the personal details they hand out. A plus-alias (name+shop@example.com) is kept as its own detail and linked to its base address.</source>
        <translation>家庭中的每位成员以及他们提供出去的个人信息。“+”别名地址（name+shop@example.com）作为单独一项信息保存，并关联到其基础地址。</translation>
    </message>
    <message>
        <source>People</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Name of a household member</source>
        <translation>家庭成员姓名</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>添加成员</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>个人信息</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>As written</source>
        <translation>原始写法</translation>
    </message>
    <message>
        <source>Alias of</source>
        <translation>别名所属地址</translation>
    </message>
    <message>
        <source>Add a detail to the selected person:</source>
        <translation>为所选成员添加一项信息：</translation>
    </message>
    <message>
        <source>e.g. +86 138 0013 8000 or name+shop@example.com</source>
        <translation>例如 +86 138 0013 8000 或 name+shop@example.com</translation>
    </message>
    <message>
        <source>Add detail</source>
        <translation>添加信息</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <source>%1 (%2 details)</source>
        <translation>%1（%2 项信息）</translation>
    </message>
    <message>
        <source>Select a person first (or add one on the left).</source>
        <translation>请先选择一位成员（或在左侧添加）。</translation>
    </message>
    <message>
        <source>Copy value (cleared after 10 s)</source>
        <translation>复制（10 秒后自动清除）</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>This section is coming in a later version of PrivaTrack.</source>
        <extracomment>store_changed topics that make this page reload when it is shown</extracomment>
        <translation>此功能将在 PrivaTrack 的后续版本中提供。</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>List-Unsubscribe-Post header (one-click unsubscribe)</source>
        <translation>List-Unsubscribe-Post 邮件头（一键退订）</translation>
    </message>
    <message>
        <source>Feedback-ID header (bulk sender)</source>
        <translation>Feedback-ID 邮件头（群发邮件发送方）</translation>
    </message>
    <message>
        <source>List-Id header (mailing list)</source>
        <translation>List-Id 邮件头（邮件列表）</translation>
    </message>
    <message>
        <source>bulk-mail header</source>
        <translation>群发邮件头</translation>
    </message>
    <message>
        <source>bulk-mail header %1</source>
        <translation>群发邮件头 %1</translation>
    </message>
    <message>
        <source>%1 header</source>
        <translation>%1 邮件头</translation>
    </message>
    <message>
        <source>%1 header %2</source>
        <translation>%1 邮件头 %2</translation>
    </message>
    <message>
        <source>Precedence: %1</source>
        <translation>Precedence 邮件头：%1</translation>
    </message>
    <message>
        <source>suspicious: %1</source>
        <translation>可疑：%1</translation>
    </message>
    <message>
        <source>From address of %1, but %2</source>
        <translation>发件地址属于 %1，但%2</translation>
    </message>
    <message>
        <source>display name %1 but sender domain %2 (%3)</source>
        <translation>显示名称为 %1，但发件域名是 %2（属于 %3）</translation>
    </message>
    <message>
        <source>display name %1 but sender domain %2</source>
        <translation>显示名称为 %1，但发件域名是 %2</translation>
    </message>
    <message>
        <source>display name %1 imitates %2</source>
        <translation>显示名称 %1 冒充 %2</translation>
    </message>
    <message>
        <source>signature 【%1】 of %2 from a personal mobile number %3</source>
        <translation>%2 的签名【%1】却来自个人手机号 %3</translation>
    </message>
    <message>
        <source>signature 【%1】 of %2, but a contact elsewhere: %3</source>
        <translation>%2 的签名【%1】，却要求通过其他渠道联系：%3</translation>
    </message>
    <message>
        <source>names %1 but links to %2</source>
        <translation>提到 %1，但链接指向 %2</translation>
    </message>
    <message>
        <source>names %1</source>
        <translation>提到 %1</translation>
    </message>
    <message>
        <source>link to a look-alike domain %1 (imitates %2)</source>
        <translation>链接指向仿冒域名 %1（冒充 %2）</translation>
    </message>
    <message>
        <source>sender domain %1 failed its DMARC check: the From address is forged</source>
        <translation>发件域名 %1 未通过 DMARC 检查：发件地址是伪造的</translation>
    </message>
    <message>
        <source>sender domain %1 failed DMARC and the mail links to %2: not its owner&apos;s mail</source>
        <translation>发件域名 %1 未通过 DMARC 验证，且邮件链接到 %2：并非该域名所有者发出的邮件</translation>
    </message>
    <message>
        <source>sender domain %1 imitates %2</source>
        <translation>发件域名 %1 冒充 %2</translation>
    </message>
    <message>
        <source>sender domain %1 (a %2 site)</source>
        <translation>发件域名 %1（%2 旗下网站）</translation>
    </message>
    <message>
        <source>sender domain %1</source>
        <translation>发件域名 %1</translation>
    </message>
    <message>
        <source>sender address has no real domain: %1</source>
        <translation>发件地址没有真实的域名：%1</translation>
    </message>
    <message>
        <source>sender address names a bare IP address: %1</source>
        <translation>发件地址使用的是纯 IP 地址：%1</translation>
    </message>
    <message>
        <source>the receiving server could not authenticate sender domain %1 (compauth=fail)</source>
        <translation>收件服务器无法验证发件域名 %1（compauth=fail）</translation>
    </message>
    <message>
        <source>sender %1 is %2</source>
        <translation>发送方 %1 属于 %2</translation>
    </message>
    <message>
        <source>sender name %1 (easily forged)</source>
        <translation>发送方名称 %1（很容易伪造）</translation>
    </message>
    <message>
        <source>sent to your alias %1</source>
        <translation>发送到您的别名地址 %1</translation>
    </message>
    <message>
        <source>unknown sender</source>
        <translation>未知发送方</translation>
    </message>
    <message>
        <source>forwards a message from %1 with a warning about it</source>
        <translation>转发来自 %1 的邮件并附上提醒</translation>
    </message>
    <message>
        <source>forwarded message from %1</source>
        <translation>转发的邮件，原发件人 %1</translation>
    </message>
    <message>
        <source>text written in look-alike mathematical letters (%1)</source>
        <translation>文本使用了形似普通字母的数学字母（%1 个）</translation>
    </message>
    <message>
        <source>words mixing Latin with Cyrillic or Greek look-alike letters: %1</source>
        <translation>单词中混用了拉丁字母与形似的西里尔或希腊字母：%1</translation>
    </message>
    <message>
        <source>web page attached: %1</source>
        <translation>附件是网页文件：%1</translation>
    </message>
    <message>
        <source>file disguised by a double extension: %1</source>
        <translation>用双重扩展名伪装的文件：%1</translation>
    </message>
    <message>
        <source>words split by invisible characters: %1</source>
        <translation>单词被不可见字符拆开：%1</translation>
    </message>
    <message>
        <source>display name words mixing Latin with Cyrillic or Greek look-alike letters: %1</source>
        <translation>显示名称中混用了拉丁字母与形似的西里尔或希腊字母：%1</translation>
    </message>
    <message>
        <source>display name words split by invisible characters: %1</source>
        <translation>显示名称中的单词被不可见字符拆开：%1</translation>
    </message>
    <message>
        <source>link or sender on free page hosting: %1</source>
        <translation>链接或发件方位于免费网页托管服务：%1</translation>
    </message>
    <message>
        <source>link shows one address and goes to another: %1</source>
        <translation>链接显示的地址与实际指向的地址不同：%1</translation>
    </message>
    <message>
        <source>replies go to %1, not to the sender&apos;s domain %2</source>
        <translation>回复会发往 %1，而不是发件人的域名 %2</translation>
    </message>
    <message>
        <source>asks to be paid by wire transfer service or gift card: %1</source>
        <translation>要求通过汇款服务或礼品卡付款：%1</translation>
    </message>
    <message>
        <source>a number written to slip past filters: %1</source>
        <translation>为躲避过滤而改写的号码：%1</translation>
    </message>
    <message>
        <source>demands payment to a cryptocurrency wallet by a deadline or with a threat: %1</source>
        <translation>限期或以威胁要求向加密货币钱包付款：%1</translation>
    </message>
    <message>
        <source>bulk mail (List-Unsubscribe) with notice wording: %1</source>
        <translation>群发邮件（带 List-Unsubscribe），有通知用语：%1</translation>
    </message>
    <message>
        <source>bulk mail (List-Unsubscribe) from a sender, not a person</source>
        <translation>群发邮件（带 List-Unsubscribe），来自商家而非个人</translation>
    </message>
    <message>
        <source>display name shows %1, but the mail comes from %2</source>
        <translation>显示名称为 %1，但邮件来自 %2</translation>
    </message>
    <message>
        <source>notice from the merchant&apos;s own domain: %1</source>
        <translation>来自商家自有域名的通知：%1</translation>
    </message>
    <message>
        <source>statement or bill from the merchant&apos;s own domain</source>
        <translation>来自商家自有域名的对账单或账单</translation>
    </message>
    <message>
        <source>a premium-rate or personal number, costly to call: %1</source>
        <translation>付费或个人转接号码，拨打费用高：%1</translation>
    </message>
    <message>
        <source>a link to %1 shared from a personal mobile</source>
        <translation>个人手机号分享的 %1 链接</translation>
    </message>
    <message>
        <source>bank details to share a cost, from a personal mobile</source>
        <translation>个人手机号发来的分摊费用的银行账户信息</translation>
    </message>
    <message>
        <source>new bank details for a payment, texted from a mobile (payment diversion)</source>
        <translation>手机短信发来的新收款账户信息（冒充收款方改账户诈骗）</translation>
    </message>
    <message>
        <source>cannot take a call and asks you to add a new QQ or WeChat or to pay now (someone posing as your boss)</source>
        <translation>称不方便接电话，要求添加新QQ或微信或马上付款（冒充领导）</translation>
    </message>
    <message>
        <source>payment notice from the merchant&apos;s own domain</source>
        <translation>商家自己域名发出的付款通知</translation>
    </message>
    <message>
        <source>a new number asking for money (someone posing as family or a friend)</source>
        <translation>自称换了新号码并要钱（冒充亲友）</translation>
    </message>
    <message>
        <source>signature 【%1】</source>
        <translation>短信签名【%1】</translation>
    </message>
    <message>
        <source>opt-out text %1</source>
        <translation>退订提示：%1</translation>
    </message>
    <message>
        <source>one-time code pattern</source>
        <translation>一次性验证码格式</translation>
    </message>
    <message>
        <source>order/shipping/payment wording</source>
        <translation>订单/物流/支付用语</translation>
    </message>
    <message>
        <source>payment, bill or appointment notice</source>
        <translation>收付款、账单或预约通知</translation>
    </message>
    <message>
        <source>sign-in or password notice from the merchant&apos;s own domain</source>
        <translation>来自商家自有域名的登录或密码通知</translation>
    </message>
    <message>
        <source>notice linking only to the sender&apos;s own site %1</source>
        <translation>通知，链接只指向发件方自己的网站 %1</translation>
    </message>
    <message>
        <source>notice without links from the sender&apos;s own domain %1 (DMARC passed)</source>
        <translation>不含链接的通知，来自发件方自己的域名 %1（DMARC 验证通过）</translation>
    </message>
    <message>
        <source>fraud wording %1</source>
        <translation>诈骗常用语：%1</translation>
    </message>
    <message>
        <source>promotional wording %1</source>
        <translation>促销用语：%1</translation>
    </message>
    <message>
        <source>signed loyalty-programme wording %1</source>
        <translation>带签名的会员积分用语：%1</translation>
    </message>
    <message>
        <source>shortened link %1</source>
        <translation>短链接 %1</translation>
    </message>
    <message>
        <source>bulk SMS port %1</source>
        <translation>群发短信端口 %1</translation>
    </message>
    <message>
        <source>short code sender %1</source>
        <translation>短号码发送方 %1</translation>
    </message>
    <message>
        <source>text model alone: %1 unwanted (outweighed by the evidence above)</source>
        <translation>仅凭文本模型：垃圾消息概率 %1（已被以上证据推翻）</translation>
    </message>
    <message>
        <source>text model %1 unwanted: %2</source>
        <translation>文本模型：垃圾消息概率 %1，关键词：%2</translation>
    </message>
    <message>
        <source>text model %1 unwanted</source>
        <translation>文本模型：垃圾消息概率 %1</translation>
    </message>
    <message>
        <source>text model %1 wanted: %2</source>
        <translation>文本模型：正常消息概率 %1，关键词：%2</translation>
    </message>
    <message>
        <source>text model %1 wanted</source>
        <translation>文本模型：正常消息概率 %1</translation>
    </message>
    <message>
        <source>your correction of a message signed 【%1】</source>
        <translation>您对签名为【%1】的消息所做的更正</translation>
    </message>
    <message>
        <source>your correction of a message from %1</source>
        <translation>您对来自 %1 的消息所做的更正</translation>
    </message>
    <message>
        <source>similar to a message you corrected (%1 alike)</source>
        <translation>与您更正过的消息相似（相似度 %1）</translation>
    </message>
    <message>
        <source>corrected by you</source>
        <translation>已由您更正</translation>
    </message>
</context>
<context>
    <name>SafeTextBrowser</name>
    <message>
        <source>Link not opened</source>
        <translation>未打开链接</translation>
    </message>
    <message>
        <source>This link cannot be opened from PrivaTrack:
%1</source>
        <translation>无法从 PrivaTrack 打开此链接：
%1</translation>
    </message>
    <message>
        <source>Open link?</source>
        <translation>打开链接？</translation>
    </message>
    <message>
        <source>This link really goes to:

%1

Open it in your web browser? The sender may learn that you opened it.</source>
        <translation>此链接的真实地址是：

%1

要在网页浏览器中打开吗？发送方可能会因此得知您打开了它。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>安全</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Lock after idle time:</source>
        <translation>空闲多久后锁定：</translation>
    </message>
    <message>
        <source>Change passphrase…</source>
        <translation>修改口令……</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>口令：</translation>
    </message>
    <message>
        <source>Vault file:</source>
        <translation>保险库文件：</translation>
    </message>
    <message>
        <source>The vault also locks when your desktop session locks. Text PrivaTrack copies to the clipboard is cleared after 10 seconds and on lock.</source>
        <translation>桌面会话锁定时，保险库也会随之锁定。PrivaTrack 复制到剪贴板的内容会在 10 秒后以及锁定时被清除。</translation>
    </message>
    <message>
        <source>System keyring</source>
        <translation>系统密钥环</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>PrivaTrack follows your system language (English or Simplified Chinese). To choose, start it with PRIVATRACK_LANG=zh_CN or PRIVATRACK_LANG=en.</source>
        <translation>PrivaTrack 跟随系统语言（英文或简体中文）。如需指定，请在启动时设置 PRIVATRACK_LANG=zh_CN 或 PRIVATRACK_LANG=en。</translation>
    </message>
    <message>
        <source>The vault key is also kept in your system keyring, so PrivaTrack opens without the passphrase at start. Your passphrase still works.</source>
        <translation>保险库密钥也保存在您的系统密钥环中，因此启动时无需输入口令。您的口令仍然有效。</translation>
    </message>
    <message>
        <source>Forget the key in the keyring</source>
        <translation>从密钥环中删除密钥</translation>
    </message>
    <message>
        <source>PrivaTrack asks for your passphrase at every start.</source>
        <translation>PrivaTrack 每次启动时都会要求输入口令。</translation>
    </message>
    <message>
        <source>Remember the key in my system keyring</source>
        <translation>将密钥保存到我的系统密钥环</translation>
    </message>
</context>
<context>
    <name>UnknownSendersPage</name>
    <message>
        <source>Unknown senders</source>
        <translation>未知发送方</translation>
    </message>
    <message>
        <source>Messages that no merchant was found for, grouped by SMS signature, sender number, e-mail domain or, for free-mail providers, e-mail address. Name a group to create the merchant; its messages are then attributed to it.</source>
        <translation>未能找到商家的消息，按短信签名、发送号码、邮件域名（免费邮箱则按邮箱地址）分组。为某一组命名即可创建商家，该组消息随后归属于它。</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>发送方</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>First</source>
        <translation>最早</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>最近</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Create a merchant from this group…</source>
        <translation>用此分组创建商家……</translation>
    </message>
    <message>
        <source>Grouping messages…</source>
        <translation>正在分组消息……</translation>
    </message>
    <message>
        <source>SMS signature</source>
        <translation>短信签名</translation>
    </message>
    <message>
        <source>SMS number</source>
        <translation>短信号码</translation>
    </message>
    <message>
        <source>E-mail domain</source>
        <translation>邮件域名</translation>
    </message>
    <message>
        <source>Free-mail address</source>
        <translation>免费邮箱地址</translation>
    </message>
    <message>
        <source>Nothing unattributed: every message has a merchant or is personal.</source>
        <translation>没有未归属的消息：每条消息都已对应商家或属于个人消息。</translation>
    </message>
    <message>
        <source>Merchant saved. Run &apos;privatrack reclassify&apos; to attribute the messages.</source>
        <translation>商家已保存。请运行 &apos;privatrack reclassify&apos; 以归属这些消息。</translation>
    </message>
    <message>
        <source>Attributing messages to the new merchant…</source>
        <translation>正在将消息归属到新商家……</translation>
    </message>
    <message>
        <source>Reclassifying messages</source>
        <translation>正在重新分类消息</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Passphrase:</source>
        <translation>口令：</translation>
    </message>
    <message>
        <source>Repeat it:</source>
        <translation>再输入一次：</translation>
    </message>
    <message>
        <source>Remember in my system keyring</source>
        <translation>保存到我的系统密钥环</translation>
    </message>
    <message>
        <source>Use system keyring</source>
        <translation>使用系统密钥环</translation>
    </message>
    <message>
        <source>Create your PrivaTrack vault</source>
        <translation>创建您的 PrivaTrack 保险库</translation>
    </message>
    <message>
        <source>Create your vault</source>
        <translation>创建保险库</translation>
    </message>
    <message>
        <source>Everything PrivaTrack records is kept in one encrypted file:
%1

Choose a passphrase. Without it (or the keyring, if you tick the box) the data cannot be read by anyone, including you, so write it down somewhere safe.</source>
        <translation>PrivaTrack 记录的所有内容都保存在一个加密文件中：
%1

请设置一个口令。没有它（或勾选后保存的密钥环），任何人都无法读取这些数据，包括您自己，所以请把它记在安全的地方。</translation>
    </message>
    <message>
        <source>Create vault</source>
        <translation>创建保险库</translation>
    </message>
    <message>
        <source>Checking for a system keyring…</source>
        <translation>正在检查系统密钥环……</translation>
    </message>
    <message>
        <source>Unlock PrivaTrack</source>
        <translation>解锁 PrivaTrack</translation>
    </message>
    <message>
        <source>Unlock your vault</source>
        <translation>解锁保险库</translation>
    </message>
    <message>
        <source>Vault: %1</source>
        <translation>保险库：%1</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Trying the system keyring…</source>
        <translation>正在尝试系统密钥环……</translation>
    </message>
    <message>
        <source>Use at least 8 characters; a few unrelated words are easy to remember.</source>
        <translation>请至少使用 8 个字符；几个互不相关的词语组合起来既安全又好记。</translation>
    </message>
    <message>
        <source>The two passphrases differ. Type the same one twice.</source>
        <translation>两次输入的口令不一致，请输入相同的口令。</translation>
    </message>
    <message>
        <source>Creating the vault…</source>
        <translation>正在创建保险库……</translation>
    </message>
    <message>
        <source>Type your passphrase.</source>
        <translation>请输入口令。</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>正在解锁……</translation>
    </message>
    <message>
        <source>Wrong passphrase. Nothing was changed; try again.</source>
        <translation>口令错误。没有做任何改动，请重试。</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>The vault file cannot be used: %1</source>
        <translation>无法使用保险库文件：%1</translation>
    </message>
</context>
</TS>
