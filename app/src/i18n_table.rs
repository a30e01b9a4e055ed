// The translation table (included by `i18n.rs`). One line per text: en, zh-Hans, ja, ko.
texts! {
    AppName => ["Agentry", "Agentry", "Agentry", "Agentry"],
    Loading => ["Loading…", "加载中…", "読み込み中…", "불러오는 중…"],
}
