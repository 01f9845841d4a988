"""Pages the test servers of this folder serve (imported by path: the servers run as scripts)."""

#: One good article: a headline, a dated line, two paragraphs.
ARTICLE = (
    "<html><head><title>Jalan Baru Diresmikan</title></head><body><h1>Jalan Baru Diresmikan</h1>"
    "<time datetime='2024-03-12T10:00:00+07:00'>Selasa, 12 Maret 2024 10:00 WIB</time>"
    "<article><p>JAMBI - Wali Kota Jambi meresmikan jalan baru di Kecamatan Telanaipura, "
    "Selasa, dengan anggaran Rp 5 miliar dari APBD kota.</p><p>Jalan itu menghubungkan dua "
    "kelurahan yang selama ini terputus saat banjir, kata dia kepada wartawan.</p></article>"
    "</body></html>"
)
