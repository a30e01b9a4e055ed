// The translation table (included by `i18n.rs`). One line per text: en, zh-Hans, ja, ko.
texts! {
    AppName => ["Agentry", "Agentry", "Agentry", "Agentry"],
    Loading => ["Loading…", "加载中…", "読み込み中…", "불러오는 중…"],

    // Roles
    RoleOwner => ["Owner", "所有者", "オーナー", "소유자"],
    RoleAdmin => ["Admin", "管理员", "管理者", "관리자"],
    RoleMember => ["Member", "成员", "メンバー", "멤버"],

    // Permission denials, by `Denial::code`
    DenyRequiresAdmin => ["Only workspace owners and admins can do this.", "只有工作区所有者和管理员可以执行此操作。", "この操作ができるのはワークスペースのオーナーと管理者だけです。", "워크스페이스 소유자와 관리자만 할 수 있습니다."],
    DenyRequiresOwner => ["Only workspace owners can do this.", "只有工作区所有者可以执行此操作。", "この操作ができるのはワークスペースのオーナーだけです。", "워크스페이스 소유자만 할 수 있습니다."],
    DenyOwnerRoleRequiresOwner => ["Only an owner can grant or remove the owner role.", "只有所有者可以授予或撤销所有者角色。", "オーナーロールの付与と解除はオーナーだけが行えます。", "소유자 역할은 소유자만 부여하거나 해제할 수 있습니다."],
    DenyAdminCannotRemoveOwner => ["Admins can't remove an owner.", "管理员不能移除所有者。", "管理者はオーナーを削除できません。", "관리자는 소유자를 내보낼 수 없습니다."],
    DenyLastOwner => ["A workspace must keep at least one owner.", "工作区必须至少保留一名所有者。", "ワークスペースには少なくとも1人のオーナーが必要です。", "워크스페이스에는 소유자가 최소 한 명 있어야 합니다."],
    DenyInvitationCannotGrantOwner => ["Invitations can grant the admin or member role only.", "邀请只能授予管理员或成员角色。", "招待で付与できるのは管理者またはメンバーのロールだけです。", "초대로는 관리자 또는 멤버 역할만 부여할 수 있습니다."],

    // Validation, by field and code
    ValRequired => ["This field is required.", "此项为必填项。", "この項目は必須です。", "필수 항목입니다."],
    ValEmailInvalid => ["Enter an email address like name@example.com.", "请输入有效的邮箱地址，例如 name@example.com。", "name@example.com のような形式でメールアドレスを入力してください。", "name@example.com 형식으로 이메일 주소를 입력하세요."],
    ValPasswordTooShort => ["Use at least 10 characters.", "密码至少需要 10 个字符。", "パスワードは10文字以上にしてください。", "비밀번호는 10자 이상이어야 합니다."],
    ValPasswordTooLong => ["This password is too long (at most 1024 bytes).", "密码过长（最多 1024 字节）。", "パスワードが長すぎます（最大1024バイト）。", "비밀번호가 너무 깁니다(최대 1024바이트)."],
    ValSlugLength => ["Use 3 to 40 characters.", "长度需为 3 到 40 个字符。", "3〜40文字で入力してください。", "3~40자로 입력하세요."],
    ValSlugCharacters => ["Use only lowercase letters, digits and hyphens.", "只能使用小写字母、数字和连字符。", "使用できるのは半角英小文字、数字、ハイフンだけです。", "영문 소문자, 숫자, 하이픈만 사용할 수 있습니다."],
    ValControlCharacters => ["Remove the control characters.", "请删除其中的控制字符。", "制御文字は使用できません。", "제어 문자는 사용할 수 없습니다."],
    ValDaysRange => ["Enter a whole number of days from 1 to {}.", "请输入 1 到 {} 之间的整数天数。", "1〜{}の整数で日数を入力してください。", "1~{} 사이의 정수로 일수를 입력하세요."],
    ValTooLong => ["Use at most {} characters.", "最多 {} 个字符。", "{}文字以内で入力してください。", "{}자 이내로 입력하세요."],

    // API errors
    ErrTitle => ["Something went wrong", "出错了", "問題が発生しました", "문제가 발생했습니다"],
    Retry => ["Try again", "重试", "再試行", "다시 시도"],
    ErrNetwork => ["Can't reach the server. Check your connection and try again.", "无法连接到服务器，请检查网络后重试。", "サーバーに接続できません。接続を確認して、もう一度お試しください。", "서버에 연결할 수 없습니다. 연결 상태를 확인한 뒤 다시 시도하세요."],
    ErrInvalidCredentials => ["Email or password is incorrect.", "邮箱或密码不正确。", "メールアドレスまたはパスワードが正しくありません。", "이메일 또는 비밀번호가 올바르지 않습니다."],
    ErrEmailMismatch => ["This invitation was sent to a different email address. Sign in with that address to accept it.", "此邀请发送给了另一个邮箱地址，请使用该邮箱登录后再接受。", "この招待は別のメールアドレス宛てです。そのアドレスでサインインしてから承諾してください。", "이 초대는 다른 이메일 주소로 보낸 것입니다. 해당 주소로 로그인한 뒤 수락하세요."],
    ErrInvitationInvalid => ["This invitation has expired, was revoked or has already been used.", "此邀请已过期、已被撤销或已被使用。", "この招待は期限切れか、取り消されたか、すでに使用されています。", "이 초대는 만료되었거나 취소되었거나 이미 사용되었습니다."],
    ErrAlreadyMember => ["That person is already a member of this workspace.", "此人已是该工作区的成员。", "この人はすでにこのワークスペースのメンバーです。", "이미 이 워크스페이스의 멤버입니다."],
    ErrSlugTaken => ["That slug is already taken. Try another one.", "该网址标识已被占用，请换一个。", "このスラッグはすでに使われています。別のものを入力してください。", "이미 사용 중인 슬러그입니다. 다른 슬러그를 입력하세요."],
    ErrEmailTaken => ["An account with this email already exists.", "该邮箱已被注册。", "このメールアドレスのアカウントはすでに存在します。", "이 이메일로 가입된 계정이 이미 있습니다."],
    ErrNameTaken => ["That name is already in use.", "该名称已被使用。", "この名前はすでに使われています。", "이미 사용 중인 이름입니다."],
    ErrCsrf => ["Your session needs refreshing. Reload the page and try again.", "会话已失效，请刷新页面后重试。", "セッションの更新が必要です。ページを再読み込みして、もう一度お試しください。", "세션을 새로 고쳐야 합니다. 페이지를 새로 고친 뒤 다시 시도하세요."],
    ErrRateLimited => ["Too many attempts. Wait a moment and try again.", "尝试次数过多，请稍后再试。", "試行回数が多すぎます。しばらく待ってから、もう一度お試しください。", "시도 횟수가 너무 많습니다. 잠시 후 다시 시도하세요."],
    ErrSignedOut => ["You're signed out. Sign in to continue.", "您已退出登录，请登录后继续。", "サインインしていません。続けるにはサインインしてください。", "로그인되어 있지 않습니다. 계속하려면 로그인하세요."],
    ErrForbidden => ["You don't have permission to do that.", "您没有执行此操作的权限。", "この操作を行う権限がありません。", "이 작업을 수행할 권한이 없습니다."],
    ErrNotFound => ["We couldn't find that. It may have been deleted.", "找不到该内容，它可能已被删除。", "見つかりませんでした。削除された可能性があります。", "찾을 수 없습니다. 삭제되었을 수 있습니다."],
    ErrServer => ["The server ran into a problem. Try again in a moment.", "服务器出现问题，请稍后重试。", "サーバーで問題が発生しました。しばらくしてから、もう一度お試しください。", "서버에 문제가 발생했습니다. 잠시 후 다시 시도하세요."],

    // Shared controls
    Dismiss => ["Dismiss", "关闭", "閉じる", "닫기"],
    Cancel => ["Cancel", "取消", "キャンセル", "취소"],
    ConfirmTypeToConfirm => ["Type {} to confirm", "输入 {} 以确认", "確認のため「{}」と入力してください", "확인하려면 다음을 입력하세요: {}"],
    Copied => ["Copied to the clipboard.", "已复制到剪贴板。", "クリップボードにコピーしました。", "클립보드에 복사했습니다."],
    SignOut => ["Sign out", "退出登录", "サインアウト", "로그아웃"],
    SignedOut => ["You've signed out.", "您已退出登录。", "サインアウトしました。", "로그아웃했습니다."],
    Language => ["Language", "语言", "言語", "언어"],
    LanguageSaved => ["Language saved.", "语言设置已保存。", "言語設定を保存しました。", "언어 설정을 저장했습니다."],

    // Navigation
    AccountNav => ["Account menu", "账户菜单", "アカウントメニュー", "계정 메뉴"],
    WorkspaceNav => ["Workspace", "工作区", "ワークスペース", "워크스페이스"],
    AllWorkspaces => ["All workspaces", "所有工作区", "すべてのワークスペース", "모든 워크스페이스"],
    Menu => ["Menu", "菜单", "メニュー", "메뉴"],
    NavAgents => ["Agents", "智能体", "エージェント", "에이전트"],
    NavRuntimes => ["Runtimes", "运行环境", "ランタイム", "런타임"],
    NavSettings => ["Settings", "设置", "設定", "설정"],
    NavGeneral => ["General", "常规", "一般", "일반"],
    NavMembers => ["Members", "成员", "メンバー", "멤버"],
    NavTeams => ["Teams", "团队", "チーム", "팀"],
    NavAccount => ["Account", "账户", "アカウント", "계정"],
}
